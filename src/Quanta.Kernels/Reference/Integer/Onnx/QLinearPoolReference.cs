using System.Numerics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// com.microsoft QLinearAveragePool and QLinearGlobalAveragePool (a global pool is a window over the
/// whole image): the window sum of <c>x − x_zp</c> in int32, requantized with the multiplier
/// <c>x_scale / (y_scale · count)</c> (<see cref="FloatRequantization.Apply"/>).
/// </summary>
/// <remarks>
/// This is ONNX Runtime's QLinearGlobalAveragePool arithmetic (MlasQLinearGlobalAveragePoolNchw:
/// bias −x_zp·size, scale x_scale / (y_scale · size), MlasRequantizeOutput). ORT's QLinearAveragePool
/// instead dequantizes, averages in float and quantizes again; the integer sum here is exact, so the two
/// can differ by one LSB where ORT's float sum rounds. <see cref="PoolKind.AverageIncludingPadding"/>
/// divides by the window's taps inside the padded input (padding holds the real value 0, code x_zp).
/// </remarks>
public static class QLinearPoolReference
{
    /// <summary>Average-pools 8-bit codes.</summary>
    /// <param name="g">The geometry; <see cref="PoolingGeometry.Kind"/> is one of the two average kinds.</param>
    /// <param name="x">The input codes.</param>
    /// <param name="input">The input's scale and zero point.</param>
    /// <param name="output">The output's scale and zero point.</param>
    /// <param name="min">The smallest output code.</param>
    /// <param name="max">The largest output code.</param>
    /// <param name="y">The output codes.</param>
    public static void Average<T>(PoolingGeometry g, ReadOnlySpan<T> x, AffineQuant input, AffineQuant output, int min, int max, Span<T> y)
        where T : unmanaged, IBinaryInteger<T>
    {
        ArgumentNullException.ThrowIfNull(g);
        AxisTaps td = g.Axes[0], th = g.Axes[1], tw = g.Axes[2];
        var xs = g.Input;
        var ys = g.Output;
        bool includePad = g.Kind == PoolKind.AverageIncludingPadding;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int c = 0; c < g.Channels; c++)
            {
                int inputBase = n * xs.Batch + c * xs.Channel;
                for (int od = 0; od < td.OutputSize; od++)
                {
                    for (int oh = 0; oh < th.OutputSize; oh++)
                    {
                        for (int ow = 0; ow < tw.OutputSize; ow++)
                        {
                            int acc = 0, count = 0;
                            for (int kd = 0; kd < td.KernelSize; kd++)
                            {
                                int id = td.Positions[od * td.KernelSize + kd];
                                if (id < 0) continue;
                                for (int kh = 0; kh < th.KernelSize; kh++)
                                {
                                    int ih = th.Positions[oh * th.KernelSize + kh];
                                    if (ih < 0) continue;
                                    for (int kw = 0; kw < tw.KernelSize; kw++)
                                    {
                                        int iw = tw.Positions[ow * tw.KernelSize + kw];
                                        if (iw < 0) continue;
                                        acc += int.CreateTruncating(x[inputBase + id * xs.Depth + ih * xs.Height + iw * xs.Width]) - input.ZeroPoint;
                                        count++;
                                    }
                                }
                            }
                            if (includePad) count = td.PaddedCounts[od] * th.PaddedCounts[oh] * tw.PaddedCounts[ow];
                            float multiplier = input.Scale / (output.Scale * count);
                            int q = count == 0 ? output.ZeroPoint : FloatRequantization.Apply(acc, multiplier, output.ZeroPoint, min, max);
                            y[n * ys.Batch + c * ys.Channel + od * ys.Depth + oh * ys.Height + ow * ys.Width] = T.CreateTruncating(q);
                        }
                    }
                }
            }
        }
    }
}
