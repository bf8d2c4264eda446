using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// com.microsoft QLinearAveragePool / QLinearGlobalAveragePool on int8 NHWC (channels_last = 1, 2-D):
/// the reference's arithmetic (<see cref="QLinearPoolReference"/>: the int32 sum of <c>x − Z_x</c> over
/// the window's taps, requantized by <see cref="FloatRequantization.Apply"/> with
/// <c>x_scale / (y_scale · count)</c>) on the reference's own tap tables (<see cref="PoolingGeometry"/>),
/// so the result is the same bit for bit; only the summation is vectorized, 16 channels at a time
/// (integer sums are exact in any order).
/// </summary>
public sealed unsafe class QS8QLinearAveragePoolNhwc
{
    private readonly PoolingGeometry _g;
    private readonly AffineQuant _input, _output;
    private readonly int _min, _max;
    private readonly int[] _sums;

    /// <summary>Prepares the pool; <see cref="Fits"/> must hold.</summary>
    /// <exception cref="ArgumentException">The geometry is not a 2-D channels-last average pool.</exception>
    public QS8QLinearAveragePoolNhwc(PoolingGeometry g, AffineQuant input, AffineQuant output, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (!Fits(g)) throw new ArgumentException("not a 2-D channels-last average pool", nameof(g));
        (_g, _input, _output, _min, _max) = (g, input, output, min, max);
        _sums = new int[(g.Channels + 15) / 16 * 16];
    }

    /// <summary>True for a 2-D (no depth window) average pool with contiguous channels in and out.</summary>
    public static bool Fits(PoolingGeometry g) =>
        g is { Kind: PoolKind.AverageExcludingPadding or PoolKind.AverageIncludingPadding, Input.Channel: 1, Output.Channel: 1 }
        && g.Axes.Length == 3 && g.Axes[0].OutputSize == 1 && g.Axes[0].KernelSize == 1 && g.Axes[0].Positions[0] == 0;

    /// <summary>Pools <paramref name="x"/> into <paramref name="y"/>.</summary>
    public void Run(ReadOnlySpan<sbyte> x, Span<sbyte> y)
    {
        AxisTaps th = _g.Axes[1], tw = _g.Axes[2];
        if (Avx2.IsSupported && th.KernelSize * tw.KernelSize <= MaxInt16Taps && x.Length > 0 && y.Length > 0)
        {
            RunAvx2(x, y);
            return;
        }
        var xs = _g.Input;
        var ys = _g.Output;
        int channels = _g.Channels;
        bool includePad = _g.Kind == PoolKind.AverageIncludingPadding;
        Span<int> sums = _sums;
        for (int n = 0; n < _g.Batch; n++)
        {
            for (int oh = 0; oh < th.OutputSize; oh++)
            {
                for (int ow = 0; ow < tw.OutputSize; ow++)
                {
                    sums.Clear();
                    int count = 0;
                    for (int kh = 0; kh < th.KernelSize; kh++)
                    {
                        int ih = th.Positions[oh * th.KernelSize + kh];
                        if (ih < 0) continue;
                        for (int kw = 0; kw < tw.KernelSize; kw++)
                        {
                            int iw = tw.Positions[ow * tw.KernelSize + kw];
                            if (iw < 0) continue;
                            Accumulate(x.Slice(n * xs.Batch + ih * xs.Height + iw * xs.Width, channels), sums);
                            count++;
                        }
                    }
                    int divisor = includePad ? th.PaddedCounts[oh] * tw.PaddedCounts[ow] : count;
                    var row = y.Slice(n * ys.Batch + oh * ys.Height + ow * ys.Width, channels);
                    if (divisor == 0)
                    {
                        row.Fill((sbyte)_output.ZeroPoint);
                        continue;
                    }
                    float multiplier = _input.Scale / (_output.Scale * divisor);
                    Requantize(sums, count * _input.ZeroPoint, multiplier, row);
                }
            }
        }
    }

    /// <summary><c>row[c] = FloatRequantization.Apply(sums[c] − offset, multiplier, …)</c>, four channels per
    /// step with the same single-precision operations (convert, multiply, clamp, round half to even).</summary>
    /// <summary>Most taps whose int8 sum fits int16 (255·128 &lt; 2^15).</summary>
    private const int MaxInt16Taps = 255;

    /// <summary>
    /// AVX2: per output pixel the valid taps' addresses, then 32 channels at a time summed in int16
    /// registers (vpmovsxbw straight from each tap, vpaddw; exact for at most 255 taps), widened once,
    /// requantized like <see cref="Requantize"/> and stored with one 32-byte store.
    /// </summary>
    private void RunAvx2(ReadOnlySpan<sbyte> x, Span<sbyte> y)
    {
        AxisTaps th = _g.Axes[1], tw = _g.Axes[2];
        var xs = _g.Input;
        var ys = _g.Output;
        int channels = _g.Channels;
        bool includePad = _g.Kind == PoolKind.AverageIncludingPadding;
        sbyte** taps = stackalloc sbyte*[th.KernelSize * tw.KernelSize];
        fixed (sbyte* px = x)
        fixed (sbyte* py = y)
        {
            for (int n = 0; n < _g.Batch; n++)
            {
                for (int oh = 0; oh < th.OutputSize; oh++)
                {
                    for (int ow = 0; ow < tw.OutputSize; ow++)
                    {
                        int count = 0;
                        for (int kh = 0; kh < th.KernelSize; kh++)
                        {
                            int ih = th.Positions[oh * th.KernelSize + kh];
                            if (ih < 0) continue;
                            for (int kw = 0; kw < tw.KernelSize; kw++)
                            {
                                int iw = tw.Positions[ow * tw.KernelSize + kw];
                                if (iw >= 0) taps[count++] = px + n * xs.Batch + ih * xs.Height + iw * xs.Width;
                            }
                        }
                        int divisor = includePad ? th.PaddedCounts[oh] * tw.PaddedCounts[ow] : count;
                        sbyte* row = py + n * ys.Batch + oh * ys.Height + ow * ys.Width;
                        if (divisor == 0)
                        {
                            new Span<sbyte>(row, channels).Fill((sbyte)_output.ZeroPoint);
                            continue;
                        }
                        float multiplier = _input.Scale / (_output.Scale * divisor);
                        PixelAvx2(taps, count, channels, count * _input.ZeroPoint, multiplier, row);
                    }
                }
            }
        }
    }

    private void PixelAvx2(sbyte** taps, int count, int channels, int offset, float multiplier, sbyte* row)
    {
        var o = Vector256.Create(offset);
        var m = Vector256.Create(multiplier);
        var lo = Vector256.Create((float)(_min - _output.ZeroPoint));
        var hi = Vector256.Create((float)(_max - _output.ZeroPoint));
        var z = Vector256.Create(_output.ZeroPoint);
        var clamp = new QS8OutputParams(_output.ZeroPoint, _min, _max);
        int c = 0;
        for (; c + 32 <= channels; c += 32)
        {
            Vector256<short> s0 = default, s1 = default;
            for (int t = 0; t < count; t++)
            {
                s0 = Avx2.Add(s0, Avx2.ConvertToVector256Int16(taps[t] + c));
                s1 = Avx2.Add(s1, Avx2.ConvertToVector256Int16(taps[t] + c + 16));
            }
            var y0 = Step(Avx2.ConvertToVector256Int32(s0.GetLower()), o, m, lo, hi, z);
            var y1 = Step(Avx2.ConvertToVector256Int32(s0.GetUpper()), o, m, lo, hi, z);
            var y2 = Step(Avx2.ConvertToVector256Int32(s1.GetLower()), o, m, lo, hi, z);
            var y3 = Step(Avx2.ConvertToVector256Int32(s1.GetUpper()), o, m, lo, hi, z);
            QS8GemmMinmax4x16c2Avx2.PackTwoRows(y0, y1, y2, y3, clamp).Store(row + c);
        }
        for (; c < channels; c++)
        {
            int sum = 0;
            for (int t = 0; t < count; t++) sum += taps[t][c];
            row[c] = (sbyte)FloatRequantization.Apply(sum - offset, multiplier, _output.ZeroPoint, _min, _max);
        }
    }

    /// <summary>The same operations as <see cref="Requantize"/>'s vector loop, on 8 channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Step(Vector256<int> sum, Vector256<int> offset, Vector256<float> multiplier, Vector256<float> lo, Vector256<float> hi,
        Vector256<int> zeroPoint)
    {
        var v = Avx.Multiply(Avx.ConvertToVector256Single(Avx2.Subtract(sum, offset)), multiplier);
        return Avx2.Add(Avx.ConvertToVector256Int32(Avx.Min(Avx.Max(v, lo), hi)), zeroPoint);
    }

    private void Requantize(ReadOnlySpan<int> sums, int offset, float multiplier, Span<sbyte> row)
    {
        int c = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var o = Vector128.Create(offset);
            var m = Vector128.Create(multiplier);
            var lo = Vector128.Create((float)(_min - _output.ZeroPoint));
            var hi = Vector128.Create((float)(_max - _output.ZeroPoint));
            var z = Vector128.Create(_output.ZeroPoint);
            for (; c + 4 <= row.Length; c += 4)
            {
                var v = Vector128.ConvertToSingle(Vector128.Create(sums.Slice(c, 4)) - o) * m;
                var q = Vector128.ConvertToInt32(Vector128.Round(Vector128.Min(Vector128.Max(v, lo), hi))) + z;
                row[c] = (sbyte)q.GetElement(0);
                row[c + 1] = (sbyte)q.GetElement(1);
                row[c + 2] = (sbyte)q.GetElement(2);
                row[c + 3] = (sbyte)q.GetElement(3);
            }
        }
        for (; c < row.Length; c++) row[c] = (sbyte)FloatRequantization.Apply(sums[c] - offset, multiplier, _output.ZeroPoint, _min, _max);
    }

    /// <summary><c>sums[c] += x[c]</c>; <paramref name="sums"/> is padded to a multiple of 16.</summary>
    private static void Accumulate(ReadOnlySpan<sbyte> x, Span<int> sums)
    {
        int c = 0;
        var s = MemoryMarshal.Cast<int, Vector128<int>>(sums);
        for (; c + 16 <= x.Length; c += 16)
        {
            var (lo, hi) = Vector128.Widen(Vector128.Create(x.Slice(c, 16)));
            var (a, b) = Vector128.Widen(lo);
            var (d, e) = Vector128.Widen(hi);
            int v = c / 4;
            s[v] += a;
            s[v + 1] += b;
            s[v + 2] += d;
            s[v + 3] += e;
        }
        for (; c < x.Length; c++) sums[c] += x[c];
    }
}
