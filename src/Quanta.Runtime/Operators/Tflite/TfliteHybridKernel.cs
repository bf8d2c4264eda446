using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite's hybrid (dynamic-range) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED — float
/// input and output, int8 symmetric weights, float bias — to <see cref="HybridReference"/>.
/// </summary>
/// <remarks>
/// How the input is quantized follows TFLite: per-channel weights (and FULLY_CONNECTED with
/// <c>asymmetric_quantize_inputs</c>) quantize each batch row asymmetrically; per-tensor CONV_2D and
/// FULLY_CONNECTED symmetrically. TFLite's hybrid depthwise kernel always uses the asymmetric form.
/// The scratch for the quantized input is allocated here, once per plan.
/// </remarks>
internal sealed class TfliteHybridKernel : IKernel, INamedKernel
{
    private readonly string _op;
    private readonly ConvWindow _window;
    private readonly int _batch, _units, _depth;
    private readonly float[] _scales;
    private readonly bool _asymmetric;
    private readonly float _min, _max;
    private readonly sbyte[] _scratch;

    private TfliteHybridKernel(KernelContext c)
    {
        _op = c.Node.OpType;
        NeuralNetBinding.RequireFloat32(c, 0, 2);
        if (c.Outputs[0].Type != DataType.Float32) throw c.Unsupported($"a hybrid {_op} writes float32, not {c.Outputs[0].Type}");
        (_min, _max) = NeuralNetBinding.ReadActivation(c).FloatRange();
        var filter = c.InputShape(1);
        int channels = _op == "DEPTHWISE_CONV_2D" ? filter[filter.Rank - 1] : filter[0];
        var weights = IntegerBinding.Weights(c, 1, axis: _op == "DEPTHWISE_CONV_2D" ? 3 : 0, channels);
        _scales = weights.Scales.ToArray();
        bool perChannel = weights.Count > 1;
        if (_op == "FULLY_CONNECTED")
        {
            (_units, _depth) = (filter[0], filter[1]);
            _batch = _depth == 0 ? 0 : checked((int)(c.InputShape(0).ElementCount / _depth));
            _asymmetric = perChannel || c.Attributes.GetInt("asymmetric_quantize_inputs", 0) != 0;
            _scratch = new sbyte[_depth];
            return;
        }
        _window = IntegerBinding.Window(c, c.InputShape(0), c.OutputShape(0), filter[1], filter[2], dilated: true);
        if (_op == "CONV_2D" && (filter[3] == 0 || _window.InputChannels % filter[3] != 0 || channels % (_window.InputChannels / filter[3]) != 0))
            throw c.Invalid($"filter {filter} does not fit input {c.InputShape(0)}");
        if (_op == "DEPTHWISE_CONV_2D" && (_window.InputChannels == 0 || channels % _window.InputChannels != 0))
            throw c.Invalid($"filter {filter} does not fit input {c.InputShape(0)}");
        _asymmetric = perChannel || _op == "DEPTHWISE_CONV_2D";
        _scratch = new sbyte[checked(_window.InputHeight * _window.InputWidth * _window.InputChannels)];
    }

    /// <inheritdoc/>
    public string Name => _op switch
    {
        "FULLY_CONNECTED" => "qd8-f32-fullyconnected-hybrid-ref",
        "DEPTHWISE_CONV_2D" => "qd8-f32-depthwiseconv2d-hybrid-ref",
        _ => "qd8-f32-conv2d-hybrid-ref",
    };

    /// <summary>The hybrid kernel when the node reads float input with int8 weights, else null.</summary>
    public static IKernel? TryCreate(KernelContext c) =>
        IsHybrid(c) ? new TfliteHybridKernel(c) : null;

    /// <summary>True for a conv or fully-connected node with int8 weights (input 1) and a float input.</summary>
    public static bool IsHybrid(KernelContext c) =>
        c.Node.OpType is "CONV_2D" or "DEPTHWISE_CONV_2D" or "FULLY_CONNECTED"
        && c.HasInput(1) && c.Input(1).Type == DataType.Int8 && c.HasInput(0) && c.Input(0).Type == DataType.Float32;

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var bias = inputs.Length > 2 && inputs[2] is { } b ? b.AsSpan<float>() : default;
        var x = inputs[0]!.AsSpan<float>();
        var w = inputs[1]!.AsSpan<sbyte>();
        var y = outputs[0].AsSpan<float>();
        switch (_op)
        {
            case "FULLY_CONNECTED":
                HybridReference.FullyConnected(_batch, _units, _depth, x, w, _scales, bias, _asymmetric, _min, _max, _scratch, y);
                break;
            case "DEPTHWISE_CONV_2D":
                HybridReference.DepthwiseConv2D(_window, x, w, _scales, bias, _asymmetric, _min, _max, _scratch, y);
                break;
            default:
                HybridReference.Conv2D(_window, x, w, _scales, bias, _asymmetric, _min, _max, _scratch, y);
                break;
        }
    }
}
