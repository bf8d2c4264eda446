using Quanta.Core;
using Xunit;
using static Quanta.Tests.OnnxImport.OnnxModelBuilder;
using OnnxType = Onnx.TensorProto.Types.DataType;

namespace Quanta.Tests.OnnxImport;

public class OnnxConstantNodeTests
{
    // c = Constant(attribute); y = Identity(c)
    private static OnnxModelBuilder WithConstant(global::Onnx.AttributeProto attribute)
    {
        var b = new OnnxModelBuilder().Output("y");
        b.Node("Constant", [], ["c"], "const", attribute);
        b.Node("Identity", ["c"], ["y"], "identity");
        return b;
    }

    private static Tensor ConstantOf(Model model)
    {
        Assert.DoesNotContain(model.Graph.Nodes, n => n.OpType == "Constant");
        var c = model.Graph.GetValue("c");
        Assert.Null(c.Producer);
        Assert.DoesNotContain(c, model.Graph.Inputs);
        return c.Constant!;
    }

    [Fact]
    public void TensorValue()
    {
        var t = ConstantOf(WithConstant(TensorAttr("value", FloatTensor("ignored", [2], 1f, 2f))).Import());
        Assert.Equal(new Shape(2), t.Shape);
        Assert.Equal([1f, 2f], t.ToArray<float>());
    }

    [Fact]
    public void FloatAndIntScalarsAndLists()
    {
        var f = ConstantOf(WithConstant(Float("value_float", 2.5f)).Import());
        Assert.Equal(Shape.Scalar, f.Shape);
        Assert.Equal([2.5f], f.ToArray<float>());

        var fs = ConstantOf(WithConstant(Floats("value_floats", 1f, -1f)).Import());
        Assert.Equal([1f, -1f], fs.ToArray<float>());

        var i = ConstantOf(WithConstant(Int("value_int", -7)).Import());
        Assert.Equal(DataType.Int64, i.Type);
        Assert.Equal(Shape.Scalar, i.Shape);
        Assert.Equal([-7L], i.ToArray<long>());

        var ints = ConstantOf(WithConstant(Ints("value_ints", 3, 4, 5)).Import());
        Assert.Equal(new Shape(3), ints.Shape);
        Assert.Equal([3L, 4L, 5L], ints.ToArray<long>());
    }

    [Fact]
    public void StringAndSparseValuesAreUnsupportedNamingTheNode()
    {
        var s = Assert.Throws<UnsupportedException>(() => WithConstant(String("value_string", "hi")).Import());
        Assert.Contains("'const'", s.Message);
        var sparse = new global::Onnx.AttributeProto { Name = "sparse_value", Type = global::Onnx.AttributeProto.Types.AttributeType.SparseTensor, SparseTensor = new() };
        Assert.Contains("sparse", Assert.Throws<UnsupportedException>(() => WithConstant(sparse).Import()).Message);
    }

    [Fact]
    public void UnusedUnsupportedConstantIsHarmless()
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Float, 2).Output("y");
        b.Node("Constant", [], ["unused"], "", String("value_string", "hi"));
        b.Node("Relu", ["x"], ["y"]);
        Assert.Single(b.Import().Graph.Nodes);
    }

    [Fact]
    public void ConstantWithoutOrWithTwoValuesIsAFormatError()
    {
        var none = new OnnxModelBuilder().Input("x", OnnxType.Float, 2).Output("y");
        none.Node("Constant", [], ["c"], "empty");
        none.Node("Add", ["x", "c"], ["y"]);
        Assert.Contains("'empty'", Assert.Throws<ModelFormatException>(() => none.Import()).Message);

        var two = new OnnxModelBuilder().Input("x", OnnxType.Float, 2).Output("y");
        two.Node("Constant", [], ["c"], "two", Float("value_float", 1f), Int("value_int", 1));
        two.Node("Add", ["x", "c"], ["y"]);
        Assert.Throws<ModelFormatException>(() => two.Import());
    }

    [Fact]
    public void ConstantCanBeAGraphOutput()
    {
        var b = new OnnxModelBuilder().Output("c");
        b.Node("Constant", [], ["c"], "", Ints("value_ints", 1, 2));
        var model = b.Import();
        Assert.True(Assert.Single(model.Graph.Outputs).IsConstant);
    }

    [Fact]
    public void ConstantOfShapeKeepsItsTensorAttribute()
    {
        var b = new OnnxModelBuilder().Input("s", OnnxType.Int64, 2).Output("y");
        b.Node("ConstantOfShape", ["s"], ["y"], "", TensorAttr("value", FloatTensor("v", [1], 0.5f)));
        var value = Single(b.Import(), "ConstantOfShape").Attributes.GetTensor("value");
        Assert.Equal([0.5f], value!.ToArray<float>());
    }
}
