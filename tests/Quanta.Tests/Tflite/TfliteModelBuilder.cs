using System.Runtime.InteropServices;
using Google.FlatBuffers;
using tflite;

namespace Quanta.Tests.Tflite;

/// <summary>
/// Builds small TFLite models in tests with the generated object API (<c>ModelT</c> → <c>Pack</c>),
/// and edits real ones (<see cref="Unpack"/> → change → <see cref="Pack"/>).
/// </summary>
internal sealed class TfliteModelBuilder
{
    /// <summary>The model being built: one subgraph, buffer 0 the empty sentinel.</summary>
    public ModelT Model { get; } = new()
    {
        Version = 3,
        Description = "built by a test",
        OperatorCodes = [],
        Subgraphs = [new SubGraphT { Tensors = [], Inputs = [], Outputs = [], Operators = [], Name = "main" }],
        Buffers = [new BufferT()],
    };

    /// <summary>The subgraph.</summary>
    public SubGraphT Graph => Model.Subgraphs[0];

    /// <summary>Adds a tensor (with a buffer holding <paramref name="data"/> when given); returns its index.</summary>
    public int Tensor(string name, TensorType type, int[] shape, byte[]? data = null, QuantizationParametersT? quant = null)
    {
        uint buffer = 0;
        if (data is not null)
        {
            buffer = (uint)Model.Buffers.Count;
            Model.Buffers.Add(new BufferT { Data = [.. data] });
        }
        Graph.Tensors.Add(new TensorT { Name = name, Type = type, Shape = [.. shape], Buffer = buffer, Quantization = quant });
        return Graph.Tensors.Count - 1;
    }

    /// <summary>Adds a float constant.</summary>
    public int FloatConstant(string name, int[] shape, params float[] values) =>
        Tensor(name, TensorType.FLOAT32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>Adds an operator code the way current writers do (builtin_code, and
    /// deprecated_builtin_code capped at 127); returns its index.</summary>
    public int OpCode(BuiltinOperator code, int version = 1) =>
        RawOpCode((sbyte)Math.Min((int)code, 127), code, version);

    /// <summary>Adds an operator code with both fields as given.</summary>
    public int RawOpCode(sbyte deprecatedCode, BuiltinOperator builtinCode, int version = 1, string? customCode = null)
    {
        Model.OperatorCodes.Add(new OperatorCodeT
        {
            DeprecatedBuiltinCode = deprecatedCode,
            BuiltinCode = builtinCode,
            Version = version,
            CustomCode = customCode,
        });
        return Model.OperatorCodes.Count - 1;
    }

    /// <summary>Adds an operator; returns it for further edits.</summary>
    public OperatorT Op(int opcode, int[] inputs, int[] outputs, BuiltinOptionsUnion? options = null)
    {
        var op = new OperatorT
        {
            OpcodeIndex = (uint)opcode,
            Inputs = [.. inputs],
            Outputs = [.. outputs],
            BuiltinOptions = options ?? new BuiltinOptionsUnion(),
        };
        Graph.Operators.Add(op);
        return op;
    }

    /// <summary>Sets the subgraph's inputs and outputs.</summary>
    public TfliteModelBuilder Io(int[] inputs, int[] outputs)
    {
        Graph.Inputs = [.. inputs];
        Graph.Outputs = [.. outputs];
        return this;
    }

    /// <summary>The model's bytes.</summary>
    public byte[] Build() => Pack(Model);

    /// <summary>Serializes a model with the file identifier "TFL3".</summary>
    public static byte[] Pack(ModelT model)
    {
        var fbb = new FlatBufferBuilder(1024);
        tflite.Model.FinishModelBuffer(fbb, tflite.Model.Pack(fbb, model));
        return fbb.SizedByteArray();
    }

    /// <summary>Reads a model file into the object API for editing.</summary>
    public static ModelT Unpack(byte[] bytes) => tflite.Model.GetRootAsModel(new ByteBuffer(bytes)).UnPack();

    /// <summary>Per-tensor quantization parameters.</summary>
    public static QuantizationParametersT Quant(float scale, long zeroPoint) =>
        new() { Scale = [scale], ZeroPoint = [zeroPoint], Details = new QuantizationDetailsUnion() };

    /// <summary>Per-axis quantization parameters.</summary>
    public static QuantizationParametersT Quant(float[] scales, long[] zeroPoints, int axis) =>
        new() { Scale = [.. scales], ZeroPoint = [.. zeroPoints], QuantizedDimension = axis, Details = new QuantizationDetailsUnion() };
}
