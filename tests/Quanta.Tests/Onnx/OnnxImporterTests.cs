using Onnx;
using Quanta.Core;
using Xunit;
using static Quanta.Tests.OnnxImport.OnnxModelBuilder;
using OnnxType = Onnx.TensorProto.Types.DataType;

namespace Quanta.Tests.OnnxImport;

public class OnnxImporterTests
{
    private static OnnxModelBuilder AddModel(long opset = 17)
    {
        var b = new OnnxModelBuilder(opset).Input("x", OnnxType.Float, "batch", 3).Output("y", OnnxType.Float, "batch", 3);
        b.Initializer(FloatTensor("bias", [3], 1f, 2f, 3f));
        b.Node("Add", ["x", "bias"], ["y"], "add");
        return b;
    }

    [Fact]
    public void ReadsMetadataOpsetsAndIrVersion()
    {
        var b = AddModel();
        b.Proto.ProducerName = "unit";
        b.Proto.ProducerVersion = "1.0";
        b.Proto.DocString = "a doc";
        b.Proto.IrVersion = 7;
        b.Proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        b.Proto.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "me" });
        var model = b.Import();
        Assert.Equal(ModelFormat.Onnx, model.Format);
        Assert.Equal(17, model.Opset);
        Assert.Equal(1, model.Opsets["com.microsoft"]);
        Assert.Equal(2, model.Opsets.Count);
        Assert.Equal("unit 1.0", model.Producer);
        Assert.Equal("a doc", model.Description);
        Assert.Equal("me", model.Metadata["author"]);
        Assert.Equal(7, model.FormatVersion);
    }

    [Fact]
    public void AiOnnxDomainIsTheDefaultDomain()
    {
        var b = AddModel(opset: 0);
        b.Proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx", Version = 13 });
        b.Graph.Node[0].Domain = "ai.onnx";
        var model = b.Import();
        Assert.Equal(13, model.Opset);
        Assert.Equal("", Single(model, "Add").Domain);
    }

    [Fact]
    public void DynamicBatchDimParamBecomesUnknownWithItsName()
    {
        var model = AddModel().Import();
        var x = Assert.Single(model.Graph.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(DataType.Float32, x.Type);
        Assert.Equal(new Shape(Shape.Unknown, 3), x.Shape);
        Assert.Equal(["batch", null], x.DimNames!);
        var y = Assert.Single(model.Graph.Outputs);
        Assert.Equal(new Shape(Shape.Unknown, 3), y.Shape);
        Assert.Equal(["batch", null], y.DimNames!);
        Assert.Equal([1f, 2f, 3f], model.Graph.GetValue("bias").Constant!.ToArray<float>());
    }

    [Fact]
    public void ShapesWithoutDimsOrWithoutShapeStayUnknown()
    {
        var b = new OnnxModelBuilder().Output("y");
        var x = ValueInfo("x", OnnxType.Float, null!, 4L);
        var noShape = new ValueInfoProto { Name = "z", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)OnnxType.Int64 } } };
        b.Graph.Input.Add(x);
        b.Graph.Input.Add(noShape);
        b.Node("Relu", ["x"], ["y"]);
        var model = b.Import();
        Assert.Equal(new Shape(Shape.Unknown, 4), model.Graph.GetValue("x").Shape);
        Assert.Null(model.Graph.GetValue("x").DimNames);
        Assert.Null(model.Graph.GetValue("z").Shape);
        Assert.Equal(DataType.Int64, model.Graph.GetValue("z").Type);
    }

    [Theory]
    [InlineData(OnnxType.Float, DataType.Float32)]
    [InlineData(OnnxType.Float16, DataType.Float16)]
    [InlineData(OnnxType.Int8, DataType.Int8)]
    [InlineData(OnnxType.Uint8, DataType.UInt8)]
    [InlineData(OnnxType.Int16, DataType.Int16)]
    [InlineData(OnnxType.Int32, DataType.Int32)]
    [InlineData(OnnxType.Int64, DataType.Int64)]
    [InlineData(OnnxType.Bool, DataType.Bool)]
    public void MapsEveryElementType(OnnxType onnx, DataType quanta)
    {
        var b = new OnnxModelBuilder().Input("x", onnx, 2).Output("y", onnx, 2);
        b.Node("Identity", ["x"], ["y"]);
        var model = b.Import();
        Assert.Equal(quanta, model.Graph.Inputs[0].Type);
        Assert.Equal(quanta, model.Graph.Outputs[0].Type);
    }

    [Fact]
    public void DoubleInputIsUnsupportedNamingValueAndType()
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Double, 2).Output("y", OnnxType.Double, 2);
        b.Node("Relu", ["x"], ["y"]);
        var e = Assert.Throws<UnsupportedException>(() => b.Import());
        Assert.Contains("'x'", e.Message);
        Assert.Contains("DOUBLE", e.Message);
    }

    [Fact]
    public void UnsupportedValueInfoOrInitializerIsAnErrorOnlyWhenUsed()
    {
        var b = AddModel();
        b.Initializer(RawTensor("unused_double", OnnxType.Double, [1], new byte[8]));
        b.Graph.ValueInfo.Add(ValueInfo("not_in_graph", OnnxType.String, 1));
        Assert.Single(b.Import().Graph.Nodes);

        b.Node("Add", ["y", "unused_double"], ["z"]);
        var e = Assert.Throws<UnsupportedException>(() => b.Import());
        Assert.Contains("unused_double", e.Message);
        Assert.Contains("DOUBLE", e.Message);
    }

    [Fact]
    public void SequenceInputIsUnsupported()
    {
        var b = new OnnxModelBuilder().Output("y");
        b.Graph.Input.Add(new ValueInfoProto
        {
            Name = "seq",
            Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = new TypeProto() } },
        });
        b.Node("SequenceLength", ["seq"], ["y"]);
        var e = Assert.Throws<UnsupportedException>(() => b.Import());
        Assert.Contains("'seq' is a sequence", e.Message);
    }

    [Fact]
    public void InputWithInitializerIsAConstantButWeightInputsStayInputs()
    {
        var old = AddModel();
        old.Input("bias", OnnxType.Float, 3);
        var model = old.Import();
        Assert.Equal(["x"], model.Graph.Inputs.Select(v => v.Name));
        Assert.True(model.Graph.GetValue("bias").IsConstant);

        var nodeTest = new OnnxModelBuilder().Input("x", OnnxType.Float, 3).Input("w", OnnxType.Float, 3).Output("y");
        nodeTest.Node("Add", ["x", "w"], ["y"]);
        Assert.Equal(["x", "w"], nodeTest.Import().Graph.Inputs.Select(v => v.Name));
    }

    [Fact]
    public void UndefinedValueIsAFormatErrorNamingNodeAndValue()
    {
        var b = AddModel();
        b.Node("Relu", ["nowhere"], ["z"], "relu1");
        var e = Assert.Throws<ModelFormatException>(() => b.Import());
        Assert.Contains("relu1", e.Message);
        Assert.Contains("'nowhere'", e.Message);
        Assert.Equal("test.onnx", e.Source);
    }

    [Fact]
    public void UnproducedGraphOutputAndDuplicateProducersAreFormatErrors()
    {
        var b = AddModel().Output("ghost");
        Assert.Contains("'ghost'", Assert.Throws<ModelFormatException>(() => b.Import()).Message);

        var twice = AddModel();
        twice.Node("Relu", ["x"], ["y"], "again");
        Assert.Contains("again", Assert.Throws<ModelFormatException>(() => twice.Import()).Message);

        var intoConstant = AddModel();
        intoConstant.Node("Relu", ["x"], ["bias"], "clobber");
        Assert.Contains("constant", Assert.Throws<ModelFormatException>(() => intoConstant.Import()).Message);

        var duplicateInitializer = AddModel().Initializer(FloatTensor("bias", [1], 0f));
        Assert.Contains("defined twice", Assert.Throws<ModelFormatException>(() => duplicateInitializer.Import()).Message);
    }

    [Fact]
    public void NodesOutOfOrderAreSorted()
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Float, 2).Output("z", OnnxType.Float, 2);
        b.Node("Relu", ["y"], ["z"], "second");
        b.Node("Neg", ["x"], ["y"], "first");
        var model = b.Import();
        Assert.Equal(["first", "second"], model.Graph.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void CycleIsAQuantaError()
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Float, 2).Output("z");
        b.Node("Add", ["x", "z"], ["y"]);
        b.Node("Relu", ["y"], ["z"]);
        Assert.Throws<GraphValidationException>(() => b.Import());
    }

    [Fact]
    public void EmptyNamesMeanAbsentInputsAndGetUniqueOutputNamesAndNodeNames()
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Float, 2, 3).Input("max", OnnxType.Float).Output("y");
        b.Node("Clip", ["x", "", "max"], ["y"]);
        b.Node("Relu", ["x"], ["r1"]);
        b.Node("Relu", ["x"], ["r2"]);
        b.Node("Dropout", ["x"], ["d", ""], "drop");
        b.Node("Dropout", ["x"], ["", "m"]);
        var model = b.Import();
        var clip = Single(model, "Clip");
        Assert.Equal(3, clip.Inputs.Count);
        Assert.Null(clip.Inputs[1]);
        var relus = model.Graph.Nodes.Where(n => n.OpType == "Relu").Select(n => n.Name).ToList();
        Assert.Equal(2, relus.Distinct().Count());
        Assert.DoesNotContain("", relus);
        var drops = model.Graph.Nodes.Where(n => n.OpType == "Dropout").ToList();
        Assert.Equal(2, drops.Count);
        Assert.Equal(2, drops[0].Outputs.Count);
        Assert.Equal(2, drops[1].Outputs.Count);
        Assert.Equal("m", drops[1].Outputs[1].Name);
        var names = drops.SelectMany(n => n.Outputs).Select(v => v.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.DoesNotContain("", names);
    }

    [Fact]
    public void TrailingAbsentInputsAreDropped()
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Float, 2, 3).Output("y");
        b.Node("Clip", ["x", "", ""], ["y"]);
        Assert.Equal(["x"], Single(b.Import(), "Clip").Inputs.Select(v => v!.Name));
    }

    [Fact]
    public void AttributesOfEveryKindAreKeptAndGraphsDropped()
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Float, 1, 1, 4, 4).Output("y");
        var body = new AttributeProto { Name = "body", Type = AttributeProto.Types.AttributeType.Graph, G = new GraphProto() };
        b.Node("MaxPool", ["x"], ["y"], "pool",
            Ints("kernel_shape", 2, 2), Int("ceil_mode", 0), String("auto_pad", "NOTSET"),
            Floats("fs", 1.5f, 2f), Float("f", 0.25f), Strings("ss", "a", "b"),
            TensorAttr("t", FloatTensor("t", [2], 1f, 2f)), body);
        var node = Single(b.Import(), "MaxPool");
        Assert.Equal([2L, 2L], node.Attributes.GetInts("kernel_shape")!);
        Assert.Equal(0, node.Attributes.GetInt("ceil_mode"));
        Assert.Equal("NOTSET", node.Attributes.GetString("auto_pad", ""));
        Assert.Equal([1.5f, 2f], node.Attributes.GetFloats("fs")!);
        Assert.Equal(0.25f, node.Attributes.GetFloat("f", 0f));
        Assert.Equal(["a", "b"], node.Attributes.GetStrings("ss")!);
        Assert.Equal([1f, 2f], node.Attributes.GetTensor("t")!.ToArray<float>());
        Assert.False(node.Attributes.Contains("body"));
    }

    [Fact]
    public void IfNodeWithSubgraphsIsImportedWithoutThem()
    {
        var b = new OnnxModelBuilder().Input("c", OnnxType.Bool).Output("y");
        var branch = new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = new GraphProto() };
        b.Node("If", ["c"], ["y"], "if", branch);
        var node = Single(b.Import(), "If");
        Assert.Equal(0, node.Attributes.Count);
    }

    [Fact]
    public void AttributeWithoutTypeFieldIsInferredFromItsContent()
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Float, 2, 3).Output("y");
        var axis = new AttributeProto { Name = "axis", I = 0 };
        b.Node("Flatten", ["x"], ["y"], "", axis);
        Assert.Equal(0, Single(b.Import(), "Flatten").Attributes.GetInt("axis"));
    }

    [Fact]
    public void HostileDeclaredDimsAreFormatErrors()
    {
        var negative = new OnnxModelBuilder().Input("x", OnnxType.Float, -5L).Output("y");
        negative.Node("Relu", ["x"], ["y"]);
        Assert.Contains("'x'", Assert.Throws<ModelFormatException>(() => negative.Import()).Message);

        var huge = new OnnxModelBuilder().Input("x", OnnxType.Float, 1L << 20, 1L << 20, 1L << 20).Output("y");
        huge.Node("Relu", ["x"], ["y"]);
        Assert.Throws<ModelFormatException>(() => huge.Import());

        var minusOne = new OnnxModelBuilder().Input("x", OnnxType.Float, -1L, 3L).Output("y");
        minusOne.Node("Relu", ["x"], ["y"]);
        Assert.Equal(new Shape(Shape.Unknown, 3), minusOne.Import().Graph.Inputs[0].Shape);
    }

    [Fact]
    public void MissingGraphOrDefaultOpsetIsAFormatError()
    {
        Assert.Throws<ModelFormatException>(() => Formats.Onnx.OnnxImporter.Import([0x08, 0x07], "m.onnx", null));
        var noOpset = AddModel(opset: 0);
        Assert.Contains("opset", Assert.Throws<ModelFormatException>(() => noOpset.Import()).Message);
    }

    [Fact]
    public void OpsetOutsideSevenToSeventeenStillImports()
    {
        Assert.Equal(19, AddModel(opset: 19).Import().Opset);
        Assert.Equal(6, AddModel(opset: 6).Import().Opset);
    }
}
