using Google.Protobuf;
using Onnx;
using Quanta.Core;
using Quanta.Formats.Onnx;
using Xunit;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;
using OnnxType = Onnx.TensorProto.Types.DataType;

namespace Quanta.Tests.OnnxImport;

/// <summary>Builds small ONNX ModelProtos in code for importer tests.</summary>
internal sealed class OnnxModelBuilder
{
    public OnnxModelBuilder(long opset = 17)
    {
        Proto = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "test" } };
        if (opset > 0) Proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    public ModelProto Proto { get; }

    public GraphProto Graph => Proto.Graph;

    public OnnxModelBuilder Input(string name, OnnxType type, params object[] dims)
    {
        Graph.Input.Add(ValueInfo(name, type, dims));
        return this;
    }

    public OnnxModelBuilder Output(string name, OnnxType type = OnnxType.Undefined, params object[] dims)
    {
        Graph.Output.Add(type == OnnxType.Undefined ? new ValueInfoProto { Name = name } : ValueInfo(name, type, dims));
        return this;
    }

    public OnnxModelBuilder Initializer(TensorProto tensor)
    {
        Graph.Initializer.Add(tensor);
        return this;
    }

    public NodeProto Node(string op, string[] inputs, string[] outputs, string name = "", params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return node;
    }

    public byte[] ToBytes() => Proto.ToByteArray();

    public Model Import(string? folder = null) => OnnxImporter.Import(ToBytes(), "test.onnx", folder);

    /// <summary>A value_info; dims are longs (dim_value), strings (dim_param) or null (neither).</summary>
    public static ValueInfoProto ValueInfo(string name, OnnxType type, params object[] dims)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (var d in dims)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (d is string s) dim.DimParam = s;
            else if (d is not null) dim.DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture);
            tensorType.Shape.Dim.Add(dim);
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    public static TensorProto FloatTensor(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)OnnxType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }

    public static TensorProto Int64Tensor(string name, long[] dims, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)OnnxType.Int64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(values);
        return t;
    }

    public static TensorProto RawTensor(string name, OnnxType type, long[] dims, byte[] raw)
    {
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        t.Dims.AddRange(dims);
        return t;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) => new() { Name = name, Type = AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Floats(string name, params float[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    public static AttributeProto Strings(string name, params string[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    public static AttributeProto TensorAttr(string name, TensorProto value) => new() { Name = name, Type = AttributeType.Tensor, T = value };

    /// <summary>The node of the imported graph with this op type (exactly one).</summary>
    public static Node Single(Model model, string opType) => Assert.Single(model.Graph.Nodes, n => n.OpType == opType);
}
