using Quanta.Core;
using Quanta.Formats.Tflite;
using tflite;
using Xunit;

namespace Quanta.Tests.Tflite;

// Operator codes, operator inputs/outputs and custom ops, on models built with the object API.
public class TfliteOperatorImportTests
{
    /// <summary>x[2] (float input), shape[2] (int32 constant) → op → y.</summary>
    private static (TfliteModelBuilder B, int X, int Shape, int Y) TwoInputModel()
    {
        var b = new TfliteModelBuilder();
        int x = b.Tensor("x", TensorType.FLOAT32, [1, 2]);
        int shape = b.Tensor("shape", TensorType.INT32, [2], [3, 0, 0, 0, 2, 0, 0, 0]);
        int y = b.Tensor("y", TensorType.FLOAT32, [3, 2]);
        b.Io([x], [y]);
        return (b, x, shape, y);
    }

    private static Node SingleNode(byte[] bytes) => Assert.Single(TfliteImporter.Import(bytes, "test.tflite").Graph.Nodes);

    [Fact]
    public void ACodeStoredOnlyInBuiltinCodeResolves()
    {
        // A writer that leaves deprecated_builtin_code at its default (0 = ADD) and stores the code,
        // larger than a byte can hold, in builtin_code.
        var (b, x, shape, y) = TwoInputModel();
        b.Op(b.RawOpCode(0, BuiltinOperator.BROADCAST_TO, version: 2), [x, shape], [y]);
        var node = SingleNode(b.Build());
        Assert.Equal("BROADCAST_TO", node.OpType);
        Assert.Equal(OpDomains.Tflite, node.Domain);
        Assert.Equal(2, node.Attributes.GetInt("tflite_version"));
    }

    [Fact]
    public void ThePlaceholderCodeDefersToBuiltinCode()
    {
        var (b, x, shape, y) = TwoInputModel();
        b.Op(b.RawOpCode(127, BuiltinOperator.BROADCAST_TO), [x, shape], [y]);
        Assert.Equal("BROADCAST_TO", SingleNode(b.Build()).OpType);

        var (b2, x2, shape2, y2) = TwoInputModel();
        b2.Op(b2.RawOpCode(127, BuiltinOperator.STABLEHLO_CASE), [x2, shape2], [y2]);
        Assert.Equal("STABLEHLO_CASE", SingleNode(b2.Build()).OpType);
    }

    [Fact]
    public void OldFilesStoreTheCodeOnlyInDeprecatedBuiltinCode()
    {
        // builtin_code absent reads as 0 (ADD): the larger of the two wins. (A model whose
        // shapes a RESHAPE can have: [1,2] → [2,1].)
        var b = new TfliteModelBuilder();
        int x = b.Tensor("x", TensorType.FLOAT32, [1, 2]);
        int shape = b.Tensor("shape", TensorType.INT32, [2], [2, 0, 0, 0, 1, 0, 0, 0]);
        int y = b.Tensor("y", TensorType.FLOAT32, [2, 1]);
        b.Io([x], [y]);
        b.Op(b.RawOpCode((sbyte)BuiltinOperator.RESHAPE, BuiltinOperator.ADD), [x, shape], [y]);
        Assert.Equal("RESHAPE", SingleNode(b.Build()).OpType);

        var (b2, x2, shape2, y2) = TwoInputModel();
        b2.Op(b2.RawOpCode(0, BuiltinOperator.ADD), [x2, x2], [y2]); // a valid ADD: two float inputs
        Assert.Equal("ADD", SingleNode(b2.Build()).OpType);
    }

    [Fact]
    public void APlaceholderWithoutARealCodeIsAFormatError()
    {
        var (b, x, shape, y) = TwoInputModel();
        b.Op(b.RawOpCode(127, BuiltinOperator.ADD), [x, shape], [y]);
        var e = Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b.Build(), "test.tflite"));
        Assert.Contains("operator code 0", e.Message);
        Assert.Contains("PLACEHOLDER_FOR_GREATER_OP_CODES", e.Message);
    }

    [Fact]
    public void ACodeNewerThanTheSchemaImportsUnderAPlaceholderName()
    {
        var (b, x, shape, y) = TwoInputModel();
        b.Op(b.RawOpCode(127, (BuiltinOperator)999), [x, shape], [y]);
        Assert.Equal("BUILTIN_999", SingleNode(b.Build()).OpType);
    }

    [Fact]
    public void CustomOpsKeepTheirCodeAndOptions()
    {
        var (b, x, shape, y) = TwoInputModel();
        var op = b.Op(b.RawOpCode((sbyte)BuiltinOperator.CUSTOM, BuiltinOperator.CUSTOM, customCode: "TFLite_Detection_PostProcess"), [x, shape], [y]);
        op.CustomOptions = [1, 2, 3, 250];
        var node = SingleNode(b.Build());
        Assert.Equal(TfliteImporter.CustomDomain, node.Domain);
        Assert.Equal("tflite.custom", node.Domain);
        Assert.Equal("TFLite_Detection_PostProcess", node.OpType);
        var options = node.Attributes.GetTensor("custom_options")!;
        Assert.Equal(DataType.UInt8, options.Type);
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, options.ToArray<byte>());
        Assert.Equal("FLEXBUFFERS", node.Attributes.GetString("custom_options_format", ""));

        var (b2, x2, shape2, y2) = TwoInputModel();
        b2.Op(b2.RawOpCode((sbyte)BuiltinOperator.CUSTOM, BuiltinOperator.CUSTOM), [x2, shape2], [y2]);
        var e = Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b2.Build(), "test.tflite"));
        Assert.Contains("custom_code", e.Message);
    }

    [Fact]
    public void AnAbsentOptionalInputIsNull()
    {
        var b = new TfliteModelBuilder();
        int x = b.Tensor("x", TensorType.FLOAT32, [1, 2]);
        int w = b.FloatConstant("w", [3, 2], 1, 2, 3, 4, 5, 6);
        int y = b.Tensor("y", TensorType.FLOAT32, [1, 3]);
        b.Io([x], [y]);
        b.Op(b.OpCode(BuiltinOperator.FULLY_CONNECTED), [x, w, -1], [y]);
        var node = SingleNode(b.Build());
        Assert.Equal(3, node.Inputs.Count);
        Assert.Null(node.Inputs[2]);
        Assert.Equal("y", node.Name);
        Assert.Equal([1f, 2, 3, 4, 5, 6], node.Inputs[1]!.Constant!.ToArray<float>());
    }

    [Fact]
    public void BadTensorAndCodeIndicesNameTheOperator()
    {
        var (b, x, _, y) = TwoInputModel();
        b.Op(b.OpCode(BuiltinOperator.ADD), [x, 7], [y]);
        var e = Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b.Build(), "test.tflite"));
        Assert.Contains("operator 0 (ADD) input 1 refers to tensor 7", e.Message);
        Assert.StartsWith("test.tflite:", e.Message);

        var (b2, x2, _, y2) = TwoInputModel();
        b2.Op(b2.OpCode(BuiltinOperator.ADD), [x2, -2], [y2]);
        Assert.Contains("operator 0 (ADD) input 1", Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b2.Build(), "t")).Message);

        var (b3, x3, _, y3) = TwoInputModel();
        b3.Op(b3.OpCode(BuiltinOperator.ADD), [x3, x3], [-1]);
        Assert.Contains("operator 0 (ADD) output 0", Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b3.Build(), "t")).Message);

        var (b4, x4, _, y4) = TwoInputModel();
        b4.Op(5, [x4, x4], [y4]);
        Assert.Contains("operator 0 uses operator code 5", Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b4.Build(), "t")).Message);
    }

    [Fact]
    public void InconsistentDataflowIsAFormatError()
    {
        // Two operators write the same tensor.
        var (b, x, shape, y) = TwoInputModel();
        int add = b.OpCode(BuiltinOperator.ADD);
        b.Op(add, [x, x], [y]);
        b.Op(add, [x, x], [y]);
        var e = Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b.Build(), "t"));
        Assert.Contains("operator 1 (ADD)", e.Message);

        // An operator writes a constant.
        var (b2, x2, shape2, _) = TwoInputModel();
        b2.Op(b2.OpCode(BuiltinOperator.ADD), [x2, x2], [shape2]);
        Assert.Contains("operator 0 (ADD)", Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b2.Build(), "t")).Message);

        // An operator reads a tensor nothing produces.
        var (b3, x3, _, y3) = TwoInputModel();
        int orphan = b3.Tensor("orphan", TensorType.FLOAT32, [1, 2]);
        b3.Op(b3.OpCode(BuiltinOperator.ADD), [x3, orphan], [y3]);
        Assert.Contains("orphan", Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b3.Build(), "t")).Message);
    }

    [Fact]
    public void ControlFlowOpsImportAsNodesAndSubgraphsAreCounted()
    {
        var (b, x, _, y) = TwoInputModel();
        b.Model.Subgraphs.Add(new SubGraphT { Tensors = [], Inputs = [], Outputs = [], Operators = [] });
        b.Op(b.OpCode(BuiltinOperator.CALL_ONCE), [], [], BuiltinOptionsUnion.FromCallOnceOptions(new CallOnceOptionsT { InitSubgraphIndex = 1 }));
        b.Op(b.OpCode(BuiltinOperator.ADD), [x, x], [y]);
        var model = TfliteImporter.Import(b.Build(), "t");
        Assert.Equal("2", model.Metadata["tflite.subgraph_count"]);
        var call = model.Graph.Nodes[0];
        Assert.Equal("CALL_ONCE", call.OpType);
        Assert.Equal(1, call.Attributes.GetInt("init_subgraph_index"));
    }

    [Fact]
    public void AModelWithoutSubgraphsIsAFormatError()
    {
        var b = new TfliteModelBuilder();
        b.Model.Subgraphs.Clear();
        Assert.Contains("no subgraphs", Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b.Build(), "t")).Message);
    }
}
