using Google.Protobuf;
using Onnx;
using Quanta.Cli;

namespace Quanta.Tests.Cli;

/// <summary>What one in-process run of the tool printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the quanta tool in-process, and writes small ONNX models for it with the
/// protobuf classes Quanta.Formats generates from onnx.proto.</summary>
public static class CliHarness
{
    /// <summary>Runs <c>quanta args…</c>, capturing both streams.</summary>
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A JSON shape array as compact text: <c>[null,4]</c>.</summary>
    public static string Dims(System.Text.Json.JsonElement shape) =>
        "[" + string.Join(",", shape.EnumerateArray().Select(d => d.ValueKind == System.Text.Json.JsonValueKind.Null ? "null" : d.GetRawText())) + "]";

    /// <summary>The default model committed with the repository.</summary>
    public static string DefaultModel => Support.TestData.RepoPath("models", "fmnist_mobilenet_v1.onnx");

    private static ValueInfoProto TensorValue(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d is string p ? new TensorShapeProto.Types.Dimension { DimParam = p } : new TensorShapeProto.Types.Dimension { DimValue = (int)d });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>
    /// An opset-17 ONNX model <c>y = Relu(x + bias)</c>, x float32 <c>[N,4]</c>, bias
    /// <c>[1, -2, 3, -4]</c>; the output is called <paramref name="outputName"/>. With
    /// <paramref name="extraOp"/>, a node of that op type (unknown to Quanta) follows.
    /// </summary>
    public static string WriteAddReluModel(string folder, string outputName = "y", string? extraOp = null)
    {
        var graph = new GraphProto { Name = "add_relu" };
        graph.Input.Add(TensorValue("x", "N", 4));
        var bias = new TensorProto { Name = "bias", DataType = (int)TensorProto.Types.DataType.Float };
        bias.Dims.Add(4);
        bias.FloatData.Add([1f, -2f, 3f, -4f]);
        graph.Initializer.Add(bias);
        graph.Node.Add(new NodeProto { Name = "add", OpType = "Add", Input = { "x", "bias" }, Output = { "sum" } });
        string reluOut = extraOp is null ? outputName : "relu_out";
        graph.Node.Add(new NodeProto { Name = "relu", OpType = "Relu", Input = { "sum" }, Output = { reluOut } });
        if (extraOp is not null)
            graph.Node.Add(new NodeProto { Name = "mystery", OpType = extraOp, Input = { reluOut }, Output = { outputName } });
        graph.Output.Add(TensorValue(outputName, "N", 4));
        var model = new ModelProto { IrVersion = 8, ProducerName = "quanta-tests", ProducerVersion = "1", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        string path = Path.Combine(folder, extraOp is null ? "add_relu.onnx" : $"add_relu_{extraOp}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }
}
