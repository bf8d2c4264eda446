using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Integer;

/// <summary>
/// Builds one tflite-domain node with quantized inputs and outputs, binds it through the default
/// kernel registry (as the plan compiler would, by the first input's type) and runs it. Schemas
/// are not needed: shapes are given explicitly, as the plan would infer them.
/// </summary>
internal sealed class QuantizedOpHarness
{
    private readonly Graph _graph = new();
    private readonly List<Value?> _inputs = [];
    private readonly List<ValueInfo?> _inputInfos = [];
    private readonly List<Tensor?> _inputTensors = [];
    private readonly List<Value> _outputs = [];
    private readonly List<ValueInfo> _outputInfos = [];
    private readonly Node _node;

    public QuantizedOpHarness(string opType)
    {
        OpType = opType;
        _node = _graph.AddNode(opType, [], [], opType.ToLowerInvariant() + "_node", OpDomains.Tflite);
    }

    public string OpType { get; }

    /// <summary>The input whose type selects the kernel (the schema's KernelKeyInput), or null for the first.</summary>
    public int? KeyInput { get; set; }

    public AttributeMap Attributes => _node.Attributes;

    /// <summary>The best instruction set the binding may use (the reference kernels by default).</summary>
    public Isa MaxIsa { get; set; } = Isa.Reference;

    /// <summary>Intra-op threads of the binding.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Adds an input; a constant's contents are visible at bind time.</summary>
    public QuantizedOpHarness Input(Tensor tensor, bool constant = false, string? name = null)
    {
        name ??= $"in{_inputs.Count}";
        Value v = constant ? _graph.AddConstant(name, tensor) : _graph.AddValue(name, tensor.Type, tensor.Shape);
        v.Quant = tensor.Quant;
        _inputs.Add(v);
        _node.Inputs.Add(v);
        _inputInfos.Add(new ValueInfo(tensor.Type, tensor.Shape, tensor.Quant, constant ? tensor : null));
        _inputTensors.Add(tensor);
        return this;
    }

    /// <summary>Adds an absent optional input.</summary>
    public QuantizedOpHarness NoInput()
    {
        _inputs.Add(null);
        _node.Inputs.Add(null);
        _inputInfos.Add(null);
        _inputTensors.Add(null);
        return this;
    }

    public QuantizedOpHarness Output(DataType type, Shape shape, QuantParams? quant, string? name = null)
    {
        var v = _graph.AddValue(name ?? $"out{_outputs.Count}", type, shape);
        v.Quant = quant;
        _outputs.Add(v);
        _node.Outputs.Add(v);
        _outputInfos.Add(new ValueInfo(type, shape, quant));
        return this;
    }

    public QuantizedOpHarness Attr(string name, long value) { Attributes.Set(name, value); return this; }

    public QuantizedOpHarness Attr(string name, float value) { Attributes.Set(name, value); return this; }

    public QuantizedOpHarness Attr(string name, string value) { Attributes.Set(name, value); return this; }

    /// <summary>The registry entry the plan compiler would choose (up to <see cref="MaxIsa"/>).</summary>
    public KernelEntry Entry()
    {
        var key = KeyInput is int k ? _inputInfos[k]!.Type : KernelRegistry.KeyType(_inputInfos, _outputInfos);
        return KernelRegistry.Default.Find(OpDomains.Tflite, OpType, key, MaxIsa)
            ?? throw new InvalidOperationException($"no kernel for {OpType}/{key}");
    }

    public IKernel Bind() =>
        Entry().Create(new KernelContext(_node, _inputInfos, _outputInfos, new SessionOptions { MaxIsa = MaxIsa, Threads = Threads }, 17));

    /// <summary>Binds and allocates the outputs, for callers that run the kernel themselves.</summary>
    public (IKernel Kernel, Tensor?[] Inputs, Tensor[] Outputs) Prepare() =>
        (Bind(), [.. _inputTensors], _outputInfos.Select(o => Tensor.Zeros(o.Type, o.Shape!, o.Quant)).ToArray());

    /// <summary>Binds, runs twice (the two results must be identical) and returns the output.</summary>
    public Tensor Run()
    {
        var kernel = Bind();
        var outs = _outputInfos.Select(o => Tensor.Zeros(o.Type, o.Shape!, o.Quant)).ToArray();
        kernel.Run([.. _inputTensors], outs);
        var again = _outputInfos.Select(o => Tensor.Zeros(o.Type, o.Shape!, o.Quant)).ToArray();
        kernel.Run([.. _inputTensors], again);
        Assert.Equal(outs[0].Bytes.ToArray(), again[0].Bytes.ToArray());
        return outs[0];
    }
}

/// <summary>Random quantized data and the float-reference comparison shared by the integer kernel tests.</summary>
internal static class QuantTestData
{
    public static Tensor RandomInt8(Random rng, Shape shape, QuantParams? q, int min = -128, int max = 127)
    {
        var data = new sbyte[shape.ElementCount];
        for (int i = 0; i < data.Length; i++) data[i] = (sbyte)rng.Next(min, max + 1);
        return Tensor.FromArray(shape, data, q);
    }

    public static Tensor RandomInt16(Random rng, Shape shape, QuantParams? q, int min = short.MinValue, int max = short.MaxValue)
    {
        var data = new short[shape.ElementCount];
        for (int i = 0; i < data.Length; i++) data[i] = (short)rng.Next(min, max + 1);
        return Tensor.FromArray(shape, data, q);
    }

    /// <summary>Per-channel symmetric int8 weights in [−127, 127] with random scales around <paramref name="scale"/>.</summary>
    public static Tensor Weights(Random rng, Shape shape, int axis, float scale)
    {
        int channels = shape[axis];
        var scales = new float[channels];
        for (int c = 0; c < channels; c++) scales[c] = scale * (0.5f + (float)rng.NextDouble());
        return RandomInt8(rng, shape, new QuantParams(scales, new int[channels], axis), -127, 127);
    }

    /// <summary>Real value of element i (per-axis parameters use the element's channel).</summary>
    public static double Real(Tensor t, long i)
    {
        var q = t.Quant!;
        if (!q.IsPerAxis) return q.Scale * (t.GetDouble(i) - q.ZeroPoint);
        int axis = q.Axis!.Value;
        long inner = 1;
        for (int d = axis + 1; d < t.Shape.Rank; d++) inner *= t.Shape[d];
        int c = (int)(i / inner % t.Shape[axis]);
        return q.ScaleAt(c) * (t.GetDouble(i) - q.ZeroPointAt(c));
    }

    /// <summary>Quantizes a real value to the output's grid, half away from zero, clamped to [min, max].</summary>
    public static long Requantize(double real, QuantParams q, long min, long max) =>
        Math.Clamp((long)Math.Round(real / q.Scale, MidpointRounding.AwayFromZero) + q.ZeroPoint, min, max);

    /// <summary>Asserts every element is within <paramref name="budgetLsb"/> output steps of the float reference.</summary>
    public static void AssertWithin(Tensor actual, double[] expectedReal, long min, long max, double budgetLsb, string what)
    {
        var q = actual.Quant!;
        int worst = 0;
        for (long i = 0; i < expectedReal.Length; i++)
        {
            long expected = Requantize(expectedReal[i], q, min, max);
            long diff = Math.Abs((long)actual.GetDouble(i) - expected);
            worst = (int)Math.Max(worst, diff);
            if (diff > budgetLsb)
                Assert.Fail($"{what}: element {i} is {actual.GetDouble(i)}, float reference {expectedReal[i]:G6} quantizes to {expected} (budget {budgetLsb} LSB)");
        }
    }
}
