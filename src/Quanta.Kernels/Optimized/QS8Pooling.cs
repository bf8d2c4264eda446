using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-maxpool and qs8-avgpool over NHWC, channels vectorized (32 per AVX2 step, 16 per
/// 128-bit step, scalar tail), bit-exact with <see cref="PoolingInteger"/>: the window is clipped
/// to the image (padded positions are neither compared nor counted).
/// </summary>
/// <remarks>
/// The average is TFLite's <c>(sum ± count/2) / count</c> truncated toward zero. It is computed as
/// <c>trunc(float(n) / float(count))</c>, which is exact here: |n| &lt; 2^24 is represented exactly, the
/// true quotient has magnitude ≤ 128 so a float's spacing there is at most 2^−16, while a
/// non-integer quotient lies at least 1/count ≥ 2^−16 away from the next integer (count ≤ 65535) —
/// rounding cannot carry it across. Sums are int32 (exact up to 2^24 / 128 window elements, which
/// <see cref="MaxWindow"/> enforces).
/// </remarks>
public static unsafe class QS8Pooling
{
    /// <summary>Largest window (fH·fW) the average accepts.</summary>
    public const int MaxWindow = 65535;

    /// <summary>Max pooling over rows [firstRow, +rowCount) of the output (rows over batches × output height).</summary>
    public static void Max(in ConvWindow w, sbyte* input, sbyte* output, int min, int max, int firstRow, int rowCount, bool useAvx2)
    {
        int c = w.OutputChannels;
        for (int row = firstRow; row < firstRow + rowCount; row++)
        {
            int b = row / w.OutputHeight, oy = row % w.OutputHeight;
            for (int ox = 0; ox < w.OutputWidth; ox++)
            {
                var (y0, y1, x0, x1, iy0, ix0) = Clip(w, oy, ox);
                sbyte* dst = output + w.OutputOffset(b, oy, ox, 0);
                int ch = 0;
                if (useAvx2 && Vector256.IsHardwareAccelerated)
                {
                    for (; ch + 32 <= c; ch += 32)
                    {
                        var m = Vector256.Create(sbyte.MinValue);
                        for (int fy = y0; fy < y1; fy++)
                        {
                            for (int fx = x0; fx < x1; fx++) m = Vector256.Max(m, Vector256.Load(input + w.InputOffset(b, iy0 + fy, ix0 + fx, ch)));
                        }
                        Vector256.Min(Vector256.Max(m, Vector256.Create((sbyte)min)), Vector256.Create((sbyte)max)).Store(dst + ch);
                    }
                }
                for (; ch + 16 <= c; ch += 16)
                {
                    var m = Vector128.Create(sbyte.MinValue);
                    for (int fy = y0; fy < y1; fy++)
                    {
                        for (int fx = x0; fx < x1; fx++) m = Vector128.Max(m, Vector128.Load(input + w.InputOffset(b, iy0 + fy, ix0 + fx, ch)));
                    }
                    Vector128.Min(Vector128.Max(m, Vector128.Create((sbyte)min)), Vector128.Create((sbyte)max)).Store(dst + ch);
                }
                for (; ch < c; ch++)
                {
                    int m = sbyte.MinValue;
                    for (int fy = y0; fy < y1; fy++)
                    {
                        for (int fx = x0; fx < x1; fx++) m = Math.Max(m, input[w.InputOffset(b, iy0 + fy, ix0 + fx, ch)]);
                    }
                    dst[ch] = (sbyte)Math.Clamp(m, min, max);
                }
            }
        }
    }

    /// <summary>Average pooling over output rows [firstRow, +rowCount).</summary>
    /// <exception cref="ArgumentException">A window covers no input element (as the reference).</exception>
    public static void Average(in ConvWindow w, sbyte* input, sbyte* output, int min, int max, int firstRow, int rowCount, bool useAvx2)
    {
        int c = w.OutputChannels;
        for (int row = firstRow; row < firstRow + rowCount; row++)
        {
            int b = row / w.OutputHeight, oy = row % w.OutputHeight;
            for (int ox = 0; ox < w.OutputWidth; ox++)
            {
                var (y0, y1, x0, x1, iy0, ix0) = Clip(w, oy, ox);
                int count = Math.Max(y1 - y0, 0) * Math.Max(x1 - x0, 0);
                if (count == 0) throw new ArgumentException("an average pooling window covers no input element");
                sbyte* dst = output + w.OutputOffset(b, oy, ox, 0);
                int ch = 0;
                if (useAvx2 && Vector256.IsHardwareAccelerated)
                {
                    for (; ch + 8 <= c; ch += 8)
                    {
                        var sum = Vector256<int>.Zero;
                        for (int fy = y0; fy < y1; fy++)
                        {
                            for (int fx = x0; fx < x1; fx++) sum += Widen8(input + w.InputOffset(b, iy0 + fy, ix0 + fx, ch));
                        }
                        var q = Divide(sum, count, min, max);
                        for (int i = 0; i < 8; i++) dst[ch + i] = (sbyte)q[i];
                    }
                }
                for (; ch + 4 <= c; ch += 4)
                {
                    var sum = Vector128<int>.Zero;
                    for (int fy = y0; fy < y1; fy++)
                    {
                        for (int fx = x0; fx < x1; fx++) sum += Widen4(input + w.InputOffset(b, iy0 + fy, ix0 + fx, ch));
                    }
                    var q = Divide(sum, count, min, max);
                    for (int i = 0; i < 4; i++) dst[ch + i] = (sbyte)q[i];
                }
                for (; ch < c; ch++)
                {
                    int sum = 0;
                    for (int fy = y0; fy < y1; fy++)
                    {
                        for (int fx = x0; fx < x1; fx++) sum += input[w.InputOffset(b, iy0 + fy, ix0 + fx, ch)];
                    }
                    int q = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    dst[ch] = (sbyte)Math.Clamp(q, min, max);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Widen8(sbyte* p)
    {
        var s16 = Vector128.WidenLower(Vector128.CreateScalar(*(long*)p).AsSByte());
        return Vector256.Create(Vector128.WidenLower(s16), Vector128.WidenUpper(s16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Widen4(sbyte* p) =>
        Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalar(*(int*)p).AsSByte()));

    /// <summary>(sum ± count/2)/count toward zero (see remarks), clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Divide(Vector256<int> sum, int count, int min, int max)
    {
        var half = Vector256.Create(count / 2);
        var n = Vector256.ConditionalSelect(Vector256.GreaterThan(sum, Vector256<int>.Zero), sum + half, sum - half);
        var q = Vector256.ConvertToInt32(Vector256.ConvertToSingle(n) / Vector256.Create((float)count));
        return Vector256.Min(Vector256.Max(q, Vector256.Create(min)), Vector256.Create(max));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Divide(Vector128<int> sum, int count, int min, int max)
    {
        var half = Vector128.Create(count / 2);
        var n = Vector128.ConditionalSelect(Vector128.GreaterThan(sum, Vector128<int>.Zero), sum + half, sum - half);
        var q = Vector128.ConvertToInt32(Vector128.ConvertToSingle(n) / Vector128.Create((float)count));
        return Vector128.Min(Vector128.Max(q, Vector128.Create(min)), Vector128.Create(max));
    }

    private static (int Y0, int Y1, int X0, int X1, int InY0, int InX0) Clip(in ConvWindow w, int oy, int ox)
    {
        int inX0 = ox * w.StrideWidth - w.PadLeft;
        int inY0 = oy * w.StrideHeight - w.PadTop;
        return (Math.Max(0, -inY0), Math.Min(w.FilterHeight, w.InputHeight - inY0),
                Math.Max(0, -inX0), Math.Min(w.FilterWidth, w.InputWidth - inX0), inY0, inX0);
    }
}
