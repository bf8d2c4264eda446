using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Tests.Integer;

/// <summary>Float (double) references computed from dequantized tensors, written independently of the kernels.</summary>
internal static class FloatReference
{
    /// <summary>Output parameters that cover the range of <paramref name="reals"/> (asymmetric int8/uint8, symmetric int16).</summary>
    public static QuantParams FitOutput(double[] reals, DataType type)
    {
        double lo = Math.Min(0, reals.Min()), hi = Math.Max(0, reals.Max());
        if (hi - lo < 1e-6) hi = lo + 1e-6;
        if (type == DataType.Int16)
            return new QuantParams((float)(Math.Max(-lo, hi) / 32767), 0);
        var (qmin, qmax) = type == DataType.UInt8 ? (0, 255) : (-128, 127);
        float scale = (float)((hi - lo) / (qmax - qmin));
        int zp = (int)Math.Clamp(Math.Round(qmin - lo / scale), qmin, qmax);
        return new QuantParams(scale, zp);
    }

    public static double Activate(double x, string activation) => activation switch
    {
        "RELU" => Math.Max(x, 0),
        "RELU6" => Math.Clamp(x, 0, 6),
        "RELU_N1_TO_1" => Math.Clamp(x, -1, 1),
        _ => x,
    };

    /// <summary>TensorFlow's window output size and leading padding (SAME: ⌈in/stride⌉; VALID: ⌈(in − eff + 1)/stride⌉).</summary>
    public static (int Out, int PadBefore) Window(string padding, int inSize, int filter, int stride, int dilation)
    {
        int eff = (filter - 1) * dilation + 1;
        if (padding == "VALID") return ((inSize - eff + stride) / stride, 0);
        int outSize = (inSize + stride - 1) / stride;
        int total = Math.Max((outSize - 1) * stride + eff - inSize, 0);
        return (outSize, total / 2);
    }

    /// <summary>Real-valued NHWC convolution with OHWI weights (groups from the channel counts) and a real bias.</summary>
    public static double[] Conv(Tensor x, Tensor w, double[]? bias, int strideH, int strideW, int dilH, int dilW, int padTop, int padLeft,
        int outH, int outW)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], cin = x.Shape[3];
        int cout = w.Shape[0], fh = w.Shape[1], fw = w.Shape[2], fcin = w.Shape[3];
        int perGroup = cout / (cin / fcin);
        var y = new double[n * outH * outW * cout];
        for (int b = 0; b < n; b++)
            for (int oy = 0; oy < outH; oy++)
                for (int ox = 0; ox < outW; ox++)
                    for (int oc = 0; oc < cout; oc++)
                    {
                        double acc = bias?[oc] ?? 0;
                        int g = oc / perGroup;
                        for (int ky = 0; ky < fh; ky++)
                            for (int kx = 0; kx < fw; kx++)
                            {
                                int iy = oy * strideH - padTop + ky * dilH, ix = ox * strideW - padLeft + kx * dilW;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                for (int ic = 0; ic < fcin; ic++)
                                    acc += QuantTestData.Real(x, ((b * h + iy) * wd + ix) * cin + g * fcin + ic)
                                         * QuantTestData.Real(w, ((oc * fh + ky) * fw + kx) * fcin + ic);
                            }
                        y[((b * outH + oy) * outW + ox) * cout + oc] = acc;
                    }
        return y;
    }

    /// <summary>Real bias of an integer bias tensor: bias[c]·s_in·s_w[c].</summary>
    public static double[] Bias(Tensor bias, float inputScale, QuantParams weights)
    {
        var r = new double[bias.ElementCount];
        for (int c = 0; c < r.Length; c++) r[c] = bias.GetInt64(c) * (double)inputScale * weights.ScaleAt(c);
        return r;
    }

    public static Tensor RandomBias(Random rng, int channels, DataType type, int magnitude)
    {
        if (type == DataType.Int64)
        {
            var v = new long[channels];
            for (int i = 0; i < channels; i++) v[i] = rng.Next(-magnitude, magnitude);
            return Tensor.FromArray(new Shape(channels), v);
        }
        var d = new int[channels];
        for (int i = 0; i < channels; i++) d[i] = rng.Next(-magnitude, magnitude);
        return Tensor.FromArray(new Shape(channels), d);
    }

    public static (long Min, long Max) Range(DataType t) => t.IntegerRange();

    public static FusedActivation Parse(string a) => FusedActivations.Parse(a);
}
