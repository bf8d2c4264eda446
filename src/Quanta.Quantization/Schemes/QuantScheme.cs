using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// The quantization scheme of DESIGN.md §3: parameters from ranges and weights, and quantized
/// tensors from float ones.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Activations, int8/uint8: asymmetric per tensor over the range widened to contain 0:
/// <c>scale = (max − min)/(qmax − qmin)</c>, <c>zero_point = round(qmin − min/scale)</c> clamped to
/// the type (ONNX Runtime's and TFLite's formula). int16: symmetric, <c>scale = max|x|/32767</c>,
/// zero point 0.</item>
/// <item>Weights: int8 symmetric over [−127, 127] (never −128), <c>scale = max|w|/127</c> per
/// output channel or per tensor.</item>
/// <item>Bias: <c>scale[c] = input_scale × weight_scale[c]</c> (float32 product, as ONNX
/// Runtime forms it), zero point 0, int32 (int64 in the 16x8 scheme).</item>
/// </list>
/// A range or channel of zeros gets scale 1, so scales stay positive. Weights and biases are
/// rounded half to even (ONNX's QuantizeLinear and NumPy's rint, as ONNX Runtime's tool rounds).
/// </remarks>
public static class QuantScheme
{
    /// <summary>Weights use [−127, 127], the TFLite spec's symmetric range.</summary>
    public const int WeightMax = 127;

    /// <summary>Parameters of an activation of <paramref name="type"/> covering <paramref name="range"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A type other than Int8, UInt8, Int16.</exception>
    public static QuantParams Activation(TensorRange range, DataType type)
    {
        if (type == DataType.Int16)
        {
            float maxAbs = range.MaxAbs;
            return new QuantParams(maxAbs > 0 ? maxAbs / short.MaxValue : 1f, 0);
        }
        if (type is not (DataType.Int8 or DataType.UInt8))
            throw new ArgumentOutOfRangeException(nameof(type), type, "activations are int8, uint8 or int16");
        var (qmin, qmax) = type.IntegerRange();
        var r = range.WithZero();
        if (!(r.Max > r.Min)) return new QuantParams(1f, (int)qmin);
        float scale = (r.Max - r.Min) / (qmax - qmin);
        long zp = (long)Math.Round(qmin - r.Min / (double)scale, MidpointRounding.ToEven);
        return new QuantParams(scale, (int)Math.Clamp(zp, qmin, qmax));
    }

    /// <summary>Symmetric int8 parameters of a weight tensor, per index of <paramref name="axis"/>
    /// or (null) per tensor.</summary>
    public static QuantParams Weight(Tensor weights, int? axis)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var w = weights.ToFloatArray();
        if (axis is not int a) return new QuantParams(ScaleOf(MaxAbs(w, 0, Math.Max(w.Length, 1), w.Length)), 0);
        int channels = weights.Shape[a];
        int inner = Inner(weights.Shape, a);
        var scales = new float[channels];
        for (int c = 0; c < channels; c++) scales[c] = ScaleOf(MaxAbs(w, c * inner, channels * inner, inner));
        return new QuantParams(scales, new int[channels], a);
    }

    /// <summary>Parameters of a bias of <paramref name="channels"/> values for an op whose data
    /// input has <paramref name="input"/> and whose weights have <paramref name="weight"/>.</summary>
    public static QuantParams Bias(QuantParams input, QuantParams weight, int channels)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var scales = new float[channels];
        for (int c = 0; c < channels; c++) scales[c] = input.Scale * weight.ScaleAt(c);
        return new QuantParams(scales, new int[channels], 0);
    }

    /// <summary>Quantizes a float tensor to <paramref name="type"/> with <paramref name="p"/>
    /// (rounding half to even, saturating; weights never below −127).</summary>
    /// <returns>A new tensor carrying <paramref name="p"/>.</returns>
    public static Tensor Quantize(Tensor values, DataType type, QuantParams p, TensorRole role = TensorRole.Activation)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(p);
        var x = values.ToFloatArray();
        var (min, max) = type.IntegerRange();
        if (role == TensorRole.Weight && type == DataType.Int8) min = -WeightMax;
        int inner = p.Axis is int a ? Inner(values.Shape, a) : x.Length;
        int channels = p.Count;
        var result = Tensor.Zeros(type, values.Shape, p);
        for (int i = 0; i < x.Length; i++)
        {
            int c = p.Axis is null ? 0 : i / Math.Max(inner, 1) % channels;
            double q = Math.Round(x[i] / (double)p.ScaleAt(c), MidpointRounding.ToEven) + p.ZeroPointAt(c);
            long v = double.IsNaN(q) ? 0 : (long)Math.Clamp(q, min, max);
            Store(result, i, v);
        }
        return result;
    }

    /// <summary>The float values a quantized tensor stands for: <c>scale × (q − zero_point)</c>.</summary>
    public static float[] Dequantize(Tensor quantized, QuantParams p)
    {
        ArgumentNullException.ThrowIfNull(quantized);
        ArgumentNullException.ThrowIfNull(p);
        int inner = p.Axis is int a ? Inner(quantized.Shape, a) : (int)quantized.ElementCount;
        var result = new float[quantized.ElementCount];
        for (int i = 0; i < result.Length; i++)
        {
            int c = p.Axis is null ? 0 : i / Math.Max(inner, 1) % p.Count;
            result[i] = p.ScaleAt(c) * (quantized.GetInt64(i) - p.ZeroPointAt(c));
        }
        return result;
    }

    private static void Store(Tensor t, int i, long v)
    {
        switch (t.Type)
        {
            case DataType.Int8: t.AsSpan<sbyte>()[i] = (sbyte)v; break;
            case DataType.UInt8: t.AsSpan<byte>()[i] = (byte)v; break;
            case DataType.Int16: t.AsSpan<short>()[i] = (short)v; break;
            case DataType.Int32: t.AsSpan<int>()[i] = (int)v; break;
            case DataType.Int64: t.AsSpan<long>()[i] = v; break;
            default: throw new ArgumentOutOfRangeException(nameof(t), t.Type, "not a quantized integer type");
        }
    }

    private static float ScaleOf(float maxAbs) => maxAbs > 0 && float.IsFinite(maxAbs) ? maxAbs / WeightMax : 1f;

    /// <summary>max |w| over the elements start, start+1, … start+run−1, then every stride.</summary>
    private static float MaxAbs(float[] w, int start, int stride, int run)
    {
        float m = 0;
        for (int block = start; block < w.Length; block += stride)
        {
            for (int i = block; i < block + run && i < w.Length; i++) m = Math.Max(m, Math.Abs(w[i]));
        }
        return m;
    }

    private static int Inner(Shape shape, int axis)
    {
        int inner = 1;
        for (int d = axis + 1; d < shape.Rank; d++) inner *= shape[d];
        return inner;
    }
}
