using System.Runtime.Intrinsics;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-gavgpool: MEAN over the H and W axes of an NHWC int8 tensor, bit-exact with
/// <see cref="MeanInteger.Mean{T}"/> (TFLite's QuantizedMeanOrSum): per channel an int32 sum over
/// the pixels (vector adds of widened inputs, wrapping like the reference's int32 sums), then the
/// reference's one requantization per channel.
/// </summary>
public static unsafe class QS8GlobalMean
{
    /// <summary>Averages each channel of <paramref name="batches"/> images of <paramref name="pixels"/> pixels.</summary>
    /// <param name="batches">N.</param>
    /// <param name="pixels">H·W.</param>
    /// <param name="channels">C.</param>
    /// <param name="input">[N, H, W, C].</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="multiplier">From <see cref="MeanInteger.MeanMultiplier"/>.</param>
    /// <param name="outputZeroPoint">Zy.</param>
    /// <param name="sums">Scratch of at least C ints.</param>
    /// <param name="output">[N, C].</param>
    /// <param name="useAvx2">False to stay on 128-bit vectors.</param>
    public static void Run(int batches, int pixels, int channels, sbyte* input, int inputZeroPoint, QuantizedMultiplier multiplier,
        int outputZeroPoint, Span<int> sums, sbyte* output, bool useAvx2)
    {
        fixed (int* s = sums)
        {
            for (int b = 0; b < batches; b++)
            {
                sbyte* image = input + (long)b * pixels * channels;
                new Span<int>(s, channels).Clear();
                for (int px = 0; px < pixels; px++)
                {
                    sbyte* x = image + (long)px * channels;
                    int c = 0;
                    if (useAvx2 && Vector256.IsHardwareAccelerated)
                    {
                        for (; c + 16 <= channels; c += 16)
                        {
                            var v = Vector256.WidenLower(Vector256.Create(Vector128.Load(x + c), default));
                            (Vector256.Load(s + c) + Vector256.WidenLower(v)).Store(s + c);
                            (Vector256.Load(s + c + 8) + Vector256.WidenUpper(v)).Store(s + c + 8);
                        }
                    }
                    if (Vector128.IsHardwareAccelerated)
                    {
                        for (; c + 8 <= channels; c += 8)
                        {
                            var v = Vector128.WidenLower(Vector128.CreateScalar(*(long*)(x + c)).AsSByte());
                            (Vector128.Load(s + c) + Vector128.WidenLower(v)).Store(s + c);
                            (Vector128.Load(s + c + 4) + Vector128.WidenUpper(v)).Store(s + c + 4);
                        }
                    }
                    for (; c < channels; c++) s[c] = unchecked(s[c] + x[c]);
                }
                for (int c = 0; c < channels; c++)
                {
                    int shifted = unchecked((int)(s[c] - (long)inputZeroPoint * pixels));
                    int y = multiplier.Apply(shifted) + outputZeroPoint;
                    output[(long)b * channels + c] = (sbyte)Math.Clamp(y, sbyte.MinValue, sbyte.MaxValue);
                }
            }
        }
    }
}
