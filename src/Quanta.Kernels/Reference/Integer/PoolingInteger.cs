using System.Numerics;

namespace Quanta.Kernels;

/// <summary>
/// Quantized AVERAGE_POOL_2D and MAX_POOL_2D over NHWC (input and output share quantization
/// parameters), bit-exact with TFLite's <c>reference_integer_ops::AveragePool</c> and <c>MaxPool</c>
/// (integer_ops/pooling.h) for int8 and int16.
/// </summary>
/// <remarks>The window is clipped to the image, so padded positions are neither summed nor counted.</remarks>
public static class PoolingInteger
{
    /// <summary>Average of the window's in-image elements, rounded half away from zero by integer division:
    /// <c>(sum ± count/2) / count</c>.</summary>
    /// <remarks>Sums of at most 2^16 int16 elements fit int32 (TFLite accumulates in int32 too).</remarks>
    /// <exception cref="ArgumentException">A window holds no input element (TFLite returns an error then).</exception>
    public static void Average<T>(in ConvWindow w, ReadOnlySpan<T> input, int activationMin, int activationMax, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int b = 0; b < w.Batches; b++)
        {
            for (int oy = 0; oy < w.OutputHeight; oy++)
            {
                for (int ox = 0; ox < w.OutputWidth; ox++)
                {
                    var (y0, y1, x0, x1, inY0, inX0) = Clip(w, oy, ox);
                    for (int c = 0; c < w.OutputChannels; c++)
                    {
                        int acc = 0, count = 0;
                        for (int fy = y0; fy < y1; fy++)
                        {
                            for (int fx = x0; fx < x1; fx++)
                            {
                                acc += int.CreateTruncating(input[w.InputOffset(b, inY0 + fy, inX0 + fx, c)]);
                                count++;
                            }
                        }
                        if (count == 0) throw new ArgumentException("an average pooling window covers no input element");
                        acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                        output[w.OutputOffset(b, oy, ox, c)] = T.CreateTruncating(Math.Clamp(acc, activationMin, activationMax));
                    }
                }
            }
        }
    }

    /// <summary>Maximum of the window's in-image elements (the type's minimum for an empty window), then clamped.</summary>
    public static void Max<T>(in ConvWindow w, ReadOnlySpan<T> input, int activationMin, int activationMax, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        for (int b = 0; b < w.Batches; b++)
        {
            for (int oy = 0; oy < w.OutputHeight; oy++)
            {
                for (int ox = 0; ox < w.OutputWidth; ox++)
                {
                    var (y0, y1, x0, x1, inY0, inX0) = Clip(w, oy, ox);
                    for (int c = 0; c < w.OutputChannels; c++)
                    {
                        T max = T.MinValue;
                        for (int fy = y0; fy < y1; fy++)
                        {
                            for (int fx = x0; fx < x1; fx++)
                                max = T.Max(max, input[w.InputOffset(b, inY0 + fy, inX0 + fx, c)]);
                        }
                        int clamped = Math.Clamp(int.CreateTruncating(max), activationMin, activationMax);
                        output[w.OutputOffset(b, oy, ox, c)] = T.CreateTruncating(clamped);
                    }
                }
            }
        }
    }

    private static (int Y0, int Y1, int X0, int X1, int InY0, int InX0) Clip(in ConvWindow w, int oy, int ox)
    {
        int inX0 = ox * w.StrideWidth - w.PadLeft;
        int inY0 = oy * w.StrideHeight - w.PadTop;
        return (Math.Max(0, -inY0), Math.Min(w.FilterHeight, w.InputHeight - inY0),
                Math.Max(0, -inX0), Math.Min(w.FilterWidth, w.InputWidth - inX0), inY0, inX0);
    }
}
