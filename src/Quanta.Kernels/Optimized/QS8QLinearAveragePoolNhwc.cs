using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
public sealed class QS8QLinearAveragePoolNhwc
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
