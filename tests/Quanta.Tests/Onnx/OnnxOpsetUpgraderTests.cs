using Quanta.Core;
using Xunit;
using static Quanta.Tests.OnnxImport.OnnxModelBuilder;
using OnnxType = Onnx.TensorProto.Types.DataType;

namespace Quanta.Tests.OnnxImport;

/// <summary>Each old-opset form must arrive in the graph in its opset-17 form (decision 0002).</summary>
public class OnnxOpsetUpgraderTests
{
    private static Model One(long opset, string op, int[] inputDims, params global::Onnx.AttributeProto[] attributes) =>
        One(opset, op, inputDims, 1, attributes);

    private static Model One(long opset, string op, int[] inputDims, int outputs, params global::Onnx.AttributeProto[] attributes)
    {
        var b = new OnnxModelBuilder(opset).Input("x", OnnxType.Float, inputDims.Cast<object>().ToArray());
        var names = Enumerable.Range(0, outputs).Select(i => $"y{i}").ToArray();
        foreach (var n in names) b.Output(n);
        b.Node(op, ["x"], names, "n", attributes);
        return b.Import();
    }

    private static long[] ConstInts(Value? v) => v!.Constant!.ToInt64Array();

    private static float ConstFloat(Value? v) => Assert.Single(v!.Constant!.ToFloatArray());

    [Theory]
    [InlineData("Squeeze")]
    [InlineData("Unsqueeze")]
    public void SqueezeAxesMoveToInputBefore13(string op)
    {
        var node = Single(One(11, op, [1, 3, 1], Ints("axes", 0, 2)), op);
        Assert.False(node.Attributes.Contains("axes"));
        Assert.Equal([0L, 2L], ConstInts(node.Inputs[1]));
        Assert.Equal(DataType.Int64, node.Inputs[1]!.Type);

        var modern = new OnnxModelBuilder(13).Input("x", OnnxType.Float, 1, 3).Output("y");
        modern.Initializer(Int64Tensor("axes", [1], 0));
        modern.Node(op, ["x", "axes"], ["y"]);
        Assert.Equal("axes", Single(modern.Import(), op).Inputs[1]!.Name);
    }

    [Fact]
    public void SplitAttributeMovesToInput()
    {
        var node = Single(One(11, "Split", [6], 2, Int("axis", 0), Ints("split", 2, 4)), "Split");
        Assert.Equal([2L, 4L], ConstInts(node.Inputs[1]));
        Assert.False(node.Attributes.Contains("split"));
        Assert.Equal(0, node.Attributes.GetInt("axis"));
    }

    [Fact]
    public void ReduceSumAxesMoveToInputBefore13()
    {
        var node = Single(One(11, "ReduceSum", [2, 3], Ints("axes", 1), Int("keepdims", 0)), "ReduceSum");
        Assert.Equal([1L], ConstInts(node.Inputs[1]));
        Assert.Equal(0, node.Attributes.GetInt("keepdims"));
        // Other reductions keep 'axes' as an attribute up to opset 17.
        Assert.Equal([1L], Single(One(11, "ReduceMean", [2, 3], Ints("axes", 1)), "ReduceMean").Attributes.GetInts("axes")!);
    }

    [Fact]
    public void PadAttributesMoveToInputsAndModeStays()
    {
        var node = Single(One(2, "Pad", [2, 3], Ints("pads", 0, 1, 0, 2), Float("value", 1.5f), String("mode", "constant")), "Pad");
        Assert.Equal([0L, 1L, 0L, 2L], ConstInts(node.Inputs[1]));
        Assert.Equal(1.5f, ConstFloat(node.Inputs[2]));
        Assert.Equal(Shape.Scalar, node.Inputs[2]!.Constant!.Shape);
        Assert.Equal("constant", node.Attributes.GetString("mode", ""));
        Assert.False(node.Attributes.Contains("pads"));
        Assert.False(node.Attributes.Contains("value"));

        // Opset 1 called it 'paddings'; a zero value needs no input.
        var old = Single(One(1, "Pad", [2, 3], Ints("paddings", 1, 1, 1, 1), String("mode", "reflect")), "Pad");
        Assert.Equal([1L, 1L, 1L, 1L], ConstInts(old.Inputs[1]));
        Assert.Equal(2, old.Inputs.Count);
    }

    [Fact]
    public void ClipMinMaxMoveToInputs()
    {
        var node = Single(One(6, "Clip", [4], Float("min", -1f), Float("max", 6f)), "Clip");
        Assert.Equal(-1f, ConstFloat(node.Inputs[1]));
        Assert.Equal(6f, ConstFloat(node.Inputs[2]));
        Assert.Equal(0, node.Attributes.Count);

        var onlyMax = Single(One(6, "Clip", [4], Float("max", 6f)), "Clip");
        Assert.Null(onlyMax.Inputs[1]);
        Assert.Equal(6f, ConstFloat(onlyMax.Inputs[2]));
    }

    [Fact]
    public void SliceAttributesMoveToInputs()
    {
        var node = Single(One(9, "Slice", [4, 5], Ints("starts", 1, 0), Ints("ends", 3, 5), Ints("axes", 0, 1)), "Slice");
        Assert.Equal([1L, 0L], ConstInts(node.Inputs[1]));
        Assert.Equal([3L, 5L], ConstInts(node.Inputs[2]));
        Assert.Equal([0L, 1L], ConstInts(node.Inputs[3]));
        Assert.Equal(4, node.Inputs.Count);
    }

    [Fact]
    public void DropoutRatioMovesToInputAndIsTestIsDropped()
    {
        var node = Single(One(6, "Dropout", [4], Float("ratio", 0.2f), Int("is_test", 1)), "Dropout");
        Assert.Equal(0.2f, ConstFloat(node.Inputs[1]));
        Assert.Equal(0, node.Attributes.Count);
    }

    [Fact]
    public void TopKAndReshapeAttributesMoveToInputs()
    {
        var topk = Single(One(9, "TopK", [5], 2, Int("k", 3)), "TopK");
        Assert.Equal([3L], ConstInts(topk.Inputs[1]));
        var reshape = Single(One(4, "Reshape", [2, 3], Ints("shape", 3, 2)), "Reshape");
        Assert.Equal([3L, 2L], ConstInts(reshape.Inputs[1]));
    }

    [Fact]
    public void UpsampleBecomesResizeWithScalesInput()
    {
        var node = Single(One(7, "Upsample", [1, 1, 2, 2], String("mode", "nearest"), Floats("scales", 1f, 1f, 2f, 3f)), "Resize");
        Assert.Equal(3, node.Inputs.Count);
        Assert.Null(node.Inputs[1]);
        Assert.Equal([1f, 1f, 2f, 3f], node.Inputs[2]!.Constant!.ToArray<float>());
        Assert.Equal("nearest", node.Attributes.GetString("mode", ""));
        Assert.Equal("asymmetric", node.Attributes.GetString("coordinate_transformation_mode", ""));
        Assert.Equal("floor", node.Attributes.GetString("nearest_mode", ""));
        Assert.False(node.Attributes.Contains("scales"));

        var b = new OnnxModelBuilder(9).Input("x", OnnxType.Float, 1, 1, 2, 2).Output("y");
        b.Initializer(FloatTensor("s", [4], 1f, 1f, 2f, 2f));
        b.Node("Upsample", ["x", "s"], ["y"], "", String("mode", "linear"));
        var linear = Single(b.Import(), "Resize");
        Assert.Equal("s", linear.Inputs[2]!.Name);
        Assert.Equal("linear", linear.Attributes.GetString("mode", ""));
        Assert.False(linear.Attributes.Contains("nearest_mode"));
    }

    [Fact]
    public void Resize10GetsAnAbsentRoiAndUpsampleCoordinates()
    {
        var b = new OnnxModelBuilder(10).Input("x", OnnxType.Float, 1, 1, 2, 2).Output("y");
        b.Initializer(FloatTensor("s", [4], 1f, 1f, 2f, 2f));
        b.Node("Resize", ["x", "s"], ["y"], "", String("mode", "nearest"));
        var node = Single(b.Import(), "Resize");
        Assert.Equal(["x", null, "s"], node.Inputs.Select(v => v?.Name));
        Assert.Equal("asymmetric", node.Attributes.GetString("coordinate_transformation_mode", ""));
        Assert.Equal("floor", node.Attributes.GetString("nearest_mode", ""));
    }

    [Fact]
    public void BatchNormalizationLegacyAttributesAreDropped()
    {
        var b = new OnnxModelBuilder(6).Input("x", OnnxType.Float, 1, 2, 3, 3).Output("y");
        foreach (var n in new[] { "s", "bias", "mean", "var" }) b.Initializer(FloatTensor(n, [2], 1f, 1f));
        b.Node("BatchNormalization", ["x", "s", "bias", "mean", "var"], ["y"], "bn",
            Int("is_test", 1), Int("spatial", 1), Ints("consumed_inputs", 0, 0, 0, 1, 1), Float("epsilon", 1e-3f));
        var node = Single(b.Import(), "BatchNormalization");
        Assert.Equal(["epsilon"], node.Attributes.Select(a => a.Key));

        b.Graph.Node[0].Attribute[1].I = 0;
        Assert.Contains("spatial=0", Assert.Throws<UnsupportedException>(() => b.Import()).Message);
    }

    [Theory]
    [InlineData("Softmax")]
    [InlineData("LogSoftmax")]
    [InlineData("Hardmax")]
    public void OldSoftmaxBecomesFlattenSoftmaxReshape(string op)
    {
        var model = One(11, op, [2, 3, 4], Int("axis", 1));
        var nodes = model.Graph.Nodes;
        Assert.Equal(["Flatten", op, "Shape", "Reshape"], nodes.Select(n => n.OpType));
        Assert.Equal(1, nodes[0].Attributes.GetInt("axis"));
        Assert.Equal("x", nodes[0].Inputs[0]!.Name);
        Assert.Equal(-1, nodes[1].Attributes.GetInt("axis"));
        Assert.Same(nodes[0].Outputs[0], nodes[1].Inputs[0]);
        Assert.Equal("x", nodes[2].Inputs[0]!.Name);
        Assert.Same(nodes[1].Outputs[0], nodes[3].Inputs[0]);
        Assert.Same(nodes[2].Outputs[0], nodes[3].Inputs[1]);
        Assert.Equal("y0", nodes[3].Outputs[0].Name);
        Assert.Equal("n", nodes[1].Name);
    }

    [Fact]
    public void OldSoftmaxOnTheLastAxisNeedsNoFlatten()
    {
        var model = One(11, "Softmax", [2, 3], Int("axis", 1));
        var node = Assert.Single(model.Graph.Nodes);
        Assert.Equal(-1, node.Attributes.GetInt("axis"));
        // The default axis before 13 is 1, which for a rank-3 input is not the last one.
        Assert.Equal(4, One(11, "Softmax", [2, 3, 4]).Graph.Nodes.Count);
        // From opset 13 on, Softmax is left as it is.
        Assert.Equal(1, Assert.Single(One(13, "Softmax", [2, 3, 4], Int("axis", 1)).Graph.Nodes).Attributes.GetInt("axis"));
    }

    [Fact]
    public void CastTargetBecomesAQuantaDataType()
    {
        Assert.Equal((long)DataType.Int8, Single(One(13, "Cast", [2], Int("to", (long)OnnxType.Int8)), "Cast").Attributes.GetInt("to"));
        Assert.Equal((long)DataType.Float16, Single(One(13, "Cast", [2], Int("to", (long)OnnxType.Float16)), "Cast").Attributes.GetInt("to"));
        Assert.Equal((long)DataType.Float32, Single(One(5, "Cast", [2], String("to", "FLOAT")), "Cast").Attributes.GetInt("to"));
        var e = Assert.Throws<UnsupportedException>(() => One(13, "Cast", [2], Int("to", (long)OnnxType.Double)));
        Assert.Contains("'n'", e.Message);
        Assert.Contains("DOUBLE", e.Message);
    }

    [Fact]
    public void LegacyBroadcastWithAxisAppendsUnitDims()
    {
        // t = a + c (constant [3] at axis 1), y = t * b (input [3] at axis 1): the rank of t comes
        // from inferring the Add as soon as it is emitted.
        var b = new OnnxModelBuilder(6).Input("a", OnnxType.Float, 2, 3, 4, 5).Input("b", OnnxType.Float, 3).Output("y");
        b.Initializer(FloatTensor("c", [3], 1f, 2f, 3f));
        b.Node("Add", ["a", "c"], ["t"], "add", Int("broadcast", 1), Int("axis", 1));
        b.Node("Mul", ["t", "b"], ["y"], "mul", Int("broadcast", 1), Int("axis", 1));
        var model = b.Import();
        var add = Single(model, "Add");
        Assert.Equal(0, add.Attributes.Count);
        Assert.Equal(new Shape(3, 1, 1), add.Inputs[1]!.Constant!.Shape);
        Assert.Equal([1f, 2f, 3f], add.Inputs[1]!.Constant!.ToArray<float>());
        var unsqueeze = Single(model, "Unsqueeze");
        Assert.Equal("b", unsqueeze.Inputs[0]!.Name);
        Assert.Equal([1L, 2L], ConstInts(unsqueeze.Inputs[1]));
        var mul = Single(model, "Mul");
        Assert.Same(unsqueeze.Outputs[0], mul.Inputs[1]);
        Assert.Equal("t", mul.Inputs[0]!.Name);

        // Without axis, old broadcasting aligned trailing dims as numpy does: nothing to change.
        var plain = new OnnxModelBuilder(6).Input("a", OnnxType.Float, 2, 3).Input("b", OnnxType.Float, 3).Output("y");
        plain.Node("Add", ["a", "b"], ["y"], "add", Int("broadcast", 1));
        Assert.Equal("b", Single(plain.Import(), "Add").Inputs[1]!.Name);

        var unknownRank = new OnnxModelBuilder(6).Input("b", OnnxType.Float, 3).Output("y");
        unknownRank.Graph.Input.Add(new global::Onnx.ValueInfoProto { Name = "a", Type = new() { TensorType = new() { ElemType = 1 } } });
        unknownRank.Node("Add", ["a", "b"], ["y"], "add", Int("broadcast", 1), Int("axis", 1));
        Assert.Contains("'add'", Assert.Throws<UnsupportedException>(() => unknownRank.Import()).Message);
    }

    [Fact]
    public void LegacyPReluSlopeBecomesPerChannel()
    {
        var b = new OnnxModelBuilder(6).Input("x", OnnxType.Float, 2, 3, 4, 5).Output("y");
        b.Initializer(FloatTensor("slope", [3], 0.1f, 0.2f, 0.3f));
        b.Node("PRelu", ["x", "slope"], ["y"]);
        Assert.Equal(new Shape(3, 1, 1), Single(b.Import(), "PRelu").Inputs[1]!.Constant!.Shape);
    }

    [Fact]
    public void ConsumedInputsAndGemmBroadcastAreDropped()
    {
        var b = new OnnxModelBuilder(6).Input("a", OnnxType.Float, 2, 3).Input("w", OnnxType.Float, 3, 4).Input("c", OnnxType.Float, 4).Output("y");
        b.Node("Gemm", ["a", "w", "c"], ["y"], "", Int("broadcast", 1), Float("alpha", 2f));
        Assert.Equal(["alpha"], Single(b.Import(), "Gemm").Attributes.Select(a => a.Key));
        Assert.Empty(Single(One(5, "Relu", [2], Ints("consumed_inputs", 0)), "Relu").Attributes);
    }

    [Fact]
    public void ConcatBeforeOpset4DefaultsToAxis1AndScatterIsRenamed()
    {
        Assert.Equal(1, Single(One(3, "Concat", [2, 2]), "Concat").Attributes.GetInt("axis"));
        var b = new OnnxModelBuilder(10).Input("x", OnnxType.Float, 2, 2).Input("i", OnnxType.Int64, 1, 2).Input("u", OnnxType.Float, 1, 2).Output("y");
        b.Node("Scatter", ["x", "i", "u"], ["y"]);
        Assert.Single(b.Import().Graph.Nodes, n => n.OpType == "ScatterElements");
    }

    [Fact]
    public void NewerOpsetReduceAxesInputGoesBackToTheAttribute()
    {
        var b = new OnnxModelBuilder(18).Input("x", OnnxType.Float, 2, 3).Output("y");
        b.Initializer(Int64Tensor("axes", [1], 1));
        b.Node("ReduceMean", ["x", "axes"], ["y"]);
        var node = Single(b.Import(), "ReduceMean");
        Assert.Single(node.Inputs);
        Assert.Equal([1L], node.Attributes.GetInts("axes")!);

        var dynamic = new OnnxModelBuilder(18).Input("x", OnnxType.Float, 2, 3).Input("axes", OnnxType.Int64, 1).Output("y");
        dynamic.Node("ReduceMax", ["x", "axes"], ["y"], "rmax");
        Assert.Contains("'rmax'", Assert.Throws<UnsupportedException>(() => dynamic.Import()).Message);
    }

    [Fact]
    public void NewerOpsetSplitNumOutputsBecomesSizes()
    {
        var node = Single(One(18, "Split", [7], 3, Int("axis", 0), Int("num_outputs", 3)), "Split");
        Assert.Equal([3L, 3L, 1L], ConstInts(node.Inputs[1]));
        Assert.False(node.Attributes.Contains("num_outputs"));
        Assert.Throws<UnsupportedException>(() => One(18, "Resize", [1, 1, 2, 2], Int("antialias", 1)));
    }
}
