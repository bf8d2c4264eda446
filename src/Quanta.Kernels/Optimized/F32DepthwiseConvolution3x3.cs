using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>
/// NHWC float 3×3 depthwise convolution (TFLite DEPTHWISE_CONV_2D with multiplier 1, dilation 1,
/// horizontal stride 1 or 2, any vertical stride and padding), written directly over the input
/// rows instead of through an indirection buffer: per output row and per vector of channels the
/// nine weight vectors and the bias are loaded once and stay in registers while the row's pixels
/// pass, four output pixels per step. Along a row the windows of neighbouring pixels overlap, so
/// four pixels read 6 input vectors per kernel row at stride 1 (9 at stride 2) for their 12
/// multiply-adds, instead of one load per multiply-add.
/// </summary>
/// <remarks>
/// Kernel rows in the vertical padding read a zero row. Pixels whose window leaves the input
/// horizontally (the first and last one or two of a row) take a per-tap checked path. When C is
/// not a multiple of the vector width the last vector of channels starts at C − lanes and
/// overlaps the one before: both compute the same values for the shared channels, so nothing
/// reads or writes past a pixel's C channels. Needs C ≥ lanes. Every output is
/// <c>clamp(bias + Σ_(i,j) w·x, min, max)</c> summed in (i, j) order with one fused multiply-add
/// per term, whichever path computes it.
/// </remarks>
/// <typeparam name="TVector">The vector type.</typeparam>
public sealed unsafe class F32DepthwiseConvolution3x3<TVector> : IParallelTask where TVector : struct, IFloatVector<TVector>
{
    private readonly Conv2DGeometry _g;
    private readonly AlignedFloats _weights, _zeroRow;
    private readonly int _interiorBegin, _interiorEnd;
    private readonly float _min, _max;
    private float* _x, _y;

    /// <summary>True when the kernel covers the geometry (see the class summary).</summary>
    public static bool Supports(Conv2DGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var (h, w) = (geometry.Height, geometry.Width);
        return h.KernelSize == 3 && w.KernelSize == 3 && h.Dilation == 1 && w.Dilation == 1 && h.Stride >= 1 && w.Stride is 1 or 2
            && geometry.OutputChannels == geometry.InputChannels && geometry.InputChannels >= TVector.Count;
    }

    /// <summary>Copies the weights and plans the rows.</summary>
    /// <param name="geometry">Shapes and window; <see cref="Supports"/> must hold.</param>
    /// <param name="filter">Weights [1, 3, 3, C].</param>
    /// <param name="bias">Bias per channel, or empty.</param>
    /// <param name="min">Lower clamp (−∞ for none).</param>
    /// <param name="max">Upper clamp (+∞ for none).</param>
    /// <exception cref="ArgumentException">A geometry the kernel does not cover.</exception>
    public F32DepthwiseConvolution3x3(Conv2DGeometry geometry, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, float min, float max)
    {
        if (!Supports(geometry)) throw new ArgumentException($"not a 3×3 depthwise geometry this kernel covers: {geometry}", nameof(geometry));
        int channels = geometry.InputChannels;
        if (filter.Length < 9 * channels || (!bias.IsEmpty && bias.Length < channels))
            throw new ArgumentException($"{filter.Length} weights / {bias.Length} biases for {channels} channels");
        _g = geometry;
        (_min, _max) = (min, max);
        // Bias, then the nine taps in (i, j) order, each C floats: the TFLite layout behind a bias row.
        _weights = new AlignedFloats(10 * channels);
        if (!bias.IsEmpty) bias[..channels].CopyTo(_weights.Span);
        filter[..(9 * channels)].CopyTo(_weights.Span[channels..]);
        _zeroRow = new AlignedFloats(checked(geometry.Width.InputSize * channels));
        var axis = geometry.Width;
        // Interior pixels: iw0 = ow·s − pad ≥ 0 and iw0 + 2 ≤ W − 1.
        _interiorBegin = Math.Min((axis.PadBegin + axis.Stride - 1) / axis.Stride, axis.OutputSize);
        int last = axis.InputSize - 3 + axis.PadBegin;
        int end = last < 0 ? 0 : Math.Min(axis.OutputSize, last / axis.Stride + 1);
        _interiorEnd = Math.Max(_interiorBegin, end);
    }

    /// <summary>Tasks per run: one per output row of every image.</summary>
    public int TaskCount => _g.Batch * _g.Height.OutputSize;

    /// <summary>Multiply-accumulates per run.</summary>
    public long Macs => _g.OutputElements * 9;

    /// <summary>Runs the convolution.</summary>
    public void Run(ReadOnlySpan<float> input, Span<float> output, IParallelRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (input.Length < _g.InputElements || output.Length < _g.OutputElements)
            throw new ArgumentException($"input {input.Length} / output {output.Length} elements are too few for the geometry");
        fixed (float* x = input, y = output)
        {
            _x = x;
            _y = y;
            runner.Run(this, TaskCount);
            _x = _y = null;
        }
    }

    /// <inheritdoc/>
    public void Execute(int index)
    {
        var (h, w) = (_g.Height, _g.Width);
        int channels = _g.InputChannels, lanes = TVector.Count;
        int n = index / h.OutputSize, oh = index % h.OutputSize;
        long rowFloats = (long)w.InputSize * channels;
        float* image = _x + n * h.InputSize * rowFloats;
        float* r0 = Row(image, rowFloats, h.ForwardInputPosition(oh, 0));
        float* r1 = Row(image, rowFloats, h.ForwardInputPosition(oh, 1));
        float* r2 = Row(image, rowFloats, h.ForwardInputPosition(oh, 2));
        float* y = _y + (long)index * w.OutputSize * channels;
        for (int c = 0; c < channels; c += lanes)
        {
            // The last vector of channels overlaps the previous one rather than reading past C.
            int c0 = Math.Min(c, channels - lanes);
            if (w.Stride == 1) Row1(c0, r0, r1, r2, y);
            else Row2(c0, r0, r1, r2, y);
        }
    }

    private float* Row(float* image, long rowFloats, int ih) =>
        ih < 0 || ih >= _g.Height.InputSize ? _zeroRow.Pointer : image + ih * rowFloats;

    /// <summary>A row at stride 1, channels [c, c + lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Row1(int c, float* r0, float* r1, float* r2, float* y)
    {
        nint cs = _g.InputChannels;
        float* wp = _weights.Pointer + c;
        var bias = TVector.Load(wp);
        TVector w00 = TVector.Load(wp + cs), w01 = TVector.Load(wp + 2 * cs), w02 = TVector.Load(wp + 3 * cs);
        TVector w10 = TVector.Load(wp + 4 * cs), w11 = TVector.Load(wp + 5 * cs), w12 = TVector.Load(wp + 6 * cs);
        TVector w20 = TVector.Load(wp + 7 * cs), w21 = TVector.Load(wp + 8 * cs), w22 = TVector.Load(wp + 9 * cs);
        var vmin = TVector.Splat(_min);
        var vmax = TVector.Splat(_max);
        for (int b = 0; b < _interiorBegin; b++)
        {
            var a = Clipped(b, c, r0, r1, r2, bias, w00, w01, w02, w10, w11, w12, w20, w21, w22);
            TVector.Store(y + b * cs + c, TVector.Min(TVector.Max(a, vmin), vmax));
        }
        nint offset = (nint)(_interiorBegin - _g.Width.PadBegin) * cs + c;
        float* p0 = r0 + offset, p1 = r1 + offset, p2 = r2 + offset;
        float* q = y + (nint)_interiorBegin * cs + c;
        int ow = _interiorBegin, end = _interiorEnd;
        for (; ow + 4 <= end; ow += 4)
        {
            TVector a0 = bias, a1 = bias, a2 = bias, a3 = bias;
            Row4(ref a0, ref a1, ref a2, ref a3, p0, cs, w00, w01, w02);
            Row4(ref a0, ref a1, ref a2, ref a3, p1, cs, w10, w11, w12);
            Row4(ref a0, ref a1, ref a2, ref a3, p2, cs, w20, w21, w22);
            TVector.Store(q, TVector.Min(TVector.Max(a0, vmin), vmax));
            TVector.Store(q + cs, TVector.Min(TVector.Max(a1, vmin), vmax));
            TVector.Store(q + 2 * cs, TVector.Min(TVector.Max(a2, vmin), vmax));
            TVector.Store(q + 3 * cs, TVector.Min(TVector.Max(a3, vmin), vmax));
            p0 += 4 * cs; p1 += 4 * cs; p2 += 4 * cs; q += 4 * cs;
        }
        for (; ow < end; ow++)
        {
            var a = Single(bias, p0, p1, p2, cs, w00, w01, w02, w10, w11, w12, w20, w21, w22);
            TVector.Store(q, TVector.Min(TVector.Max(a, vmin), vmax));
            p0 += cs; p1 += cs; p2 += cs; q += cs;
        }
        for (int b = end; b < _g.Width.OutputSize; b++)
        {
            var a = Clipped(b, c, r0, r1, r2, bias, w00, w01, w02, w10, w11, w12, w20, w21, w22);
            TVector.Store(y + b * cs + c, TVector.Min(TVector.Max(a, vmin), vmax));
        }
    }

    /// <summary>A row at stride 2, channels [c, c + lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Row2(int c, float* r0, float* r1, float* r2, float* y)
    {
        nint cs = _g.InputChannels;
        float* wp = _weights.Pointer + c;
        var bias = TVector.Load(wp);
        TVector w00 = TVector.Load(wp + cs), w01 = TVector.Load(wp + 2 * cs), w02 = TVector.Load(wp + 3 * cs);
        TVector w10 = TVector.Load(wp + 4 * cs), w11 = TVector.Load(wp + 5 * cs), w12 = TVector.Load(wp + 6 * cs);
        TVector w20 = TVector.Load(wp + 7 * cs), w21 = TVector.Load(wp + 8 * cs), w22 = TVector.Load(wp + 9 * cs);
        var vmin = TVector.Splat(_min);
        var vmax = TVector.Splat(_max);
        for (int b = 0; b < _interiorBegin; b++)
        {
            var a = Clipped(b, c, r0, r1, r2, bias, w00, w01, w02, w10, w11, w12, w20, w21, w22);
            TVector.Store(y + b * cs + c, TVector.Min(TVector.Max(a, vmin), vmax));
        }
        nint offset = (nint)(_interiorBegin * 2 - _g.Width.PadBegin) * cs + c;
        float* p0 = r0 + offset, p1 = r1 + offset, p2 = r2 + offset;
        float* q = y + (nint)_interiorBegin * cs + c;
        int ow = _interiorBegin, end = _interiorEnd;
        for (; ow + 4 <= end; ow += 4)
        {
            TVector a0 = bias, a1 = bias, a2 = bias, a3 = bias;
            Row4Stride2(ref a0, ref a1, ref a2, ref a3, p0, cs, w00, w01, w02);
            Row4Stride2(ref a0, ref a1, ref a2, ref a3, p1, cs, w10, w11, w12);
            Row4Stride2(ref a0, ref a1, ref a2, ref a3, p2, cs, w20, w21, w22);
            TVector.Store(q, TVector.Min(TVector.Max(a0, vmin), vmax));
            TVector.Store(q + cs, TVector.Min(TVector.Max(a1, vmin), vmax));
            TVector.Store(q + 2 * cs, TVector.Min(TVector.Max(a2, vmin), vmax));
            TVector.Store(q + 3 * cs, TVector.Min(TVector.Max(a3, vmin), vmax));
            p0 += 8 * cs; p1 += 8 * cs; p2 += 8 * cs; q += 4 * cs;
        }
        for (; ow < end; ow++)
        {
            var a = Single(bias, p0, p1, p2, cs, w00, w01, w02, w10, w11, w12, w20, w21, w22);
            TVector.Store(q, TVector.Min(TVector.Max(a, vmin), vmax));
            p0 += 2 * cs; p1 += 2 * cs; p2 += 2 * cs; q += cs;
        }
        for (int b = end; b < _g.Width.OutputSize; b++)
        {
            var a = Clipped(b, c, r0, r1, r2, bias, w00, w01, w02, w10, w11, w12, w20, w21, w22);
            TVector.Store(y + b * cs + c, TVector.Min(TVector.Max(a, vmin), vmax));
        }
    }

    /// <summary>One kernel row for four pixels at stride 1: input pixels 0–5 feed pixels 0–3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row4(ref TVector a0, ref TVector a1, ref TVector a2, ref TVector a3, float* p, nint cs, TVector k0, TVector k1, TVector k2)
    {
        var v0 = TVector.Load(p);
        var v1 = TVector.Load(p + cs);
        var v2 = TVector.Load(p + 2 * cs);
        var v3 = TVector.Load(p + 3 * cs);
        a0 = TVector.MultiplyAdd(k0, v0, a0);
        a1 = TVector.MultiplyAdd(k0, v1, a1);
        a2 = TVector.MultiplyAdd(k0, v2, a2);
        a3 = TVector.MultiplyAdd(k0, v3, a3);
        var v4 = TVector.Load(p + 4 * cs);
        a0 = TVector.MultiplyAdd(k1, v1, a0);
        a1 = TVector.MultiplyAdd(k1, v2, a1);
        a2 = TVector.MultiplyAdd(k1, v3, a2);
        a3 = TVector.MultiplyAdd(k1, v4, a3);
        var v5 = TVector.Load(p + 5 * cs);
        a0 = TVector.MultiplyAdd(k2, v2, a0);
        a1 = TVector.MultiplyAdd(k2, v3, a1);
        a2 = TVector.MultiplyAdd(k2, v4, a2);
        a3 = TVector.MultiplyAdd(k2, v5, a3);
    }

    /// <summary>One kernel row for four pixels at stride 2: input pixels 0–8 feed pixels 0–3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row4Stride2(ref TVector a0, ref TVector a1, ref TVector a2, ref TVector a3, float* p, nint cs, TVector k0, TVector k1, TVector k2)
    {
        var v0 = TVector.Load(p);
        var v2 = TVector.Load(p + 2 * cs);
        var v4 = TVector.Load(p + 4 * cs);
        var v6 = TVector.Load(p + 6 * cs);
        a0 = TVector.MultiplyAdd(k0, v0, a0);
        a1 = TVector.MultiplyAdd(k0, v2, a1);
        a2 = TVector.MultiplyAdd(k0, v4, a2);
        a3 = TVector.MultiplyAdd(k0, v6, a3);
        a0 = TVector.MultiplyAddLoad(k1, p + cs, a0);
        a1 = TVector.MultiplyAddLoad(k1, p + 3 * cs, a1);
        a2 = TVector.MultiplyAddLoad(k1, p + 5 * cs, a2);
        a3 = TVector.MultiplyAddLoad(k1, p + 7 * cs, a3);
        var v8 = TVector.Load(p + 8 * cs);
        a0 = TVector.MultiplyAdd(k2, v2, a0);
        a1 = TVector.MultiplyAdd(k2, v4, a1);
        a2 = TVector.MultiplyAdd(k2, v6, a2);
        a3 = TVector.MultiplyAdd(k2, v8, a3);
    }

    /// <summary>One interior pixel: its window starts at p0, p1, p2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Single(TVector bias, float* p0, float* p1, float* p2, nint cs,
        TVector w00, TVector w01, TVector w02, TVector w10, TVector w11, TVector w12, TVector w20, TVector w21, TVector w22)
    {
        var a = TVector.MultiplyAddLoad(w00, p0, bias);
        a = TVector.MultiplyAddLoad(w01, p0 + cs, a);
        a = TVector.MultiplyAddLoad(w02, p0 + 2 * cs, a);
        a = TVector.MultiplyAddLoad(w10, p1, a);
        a = TVector.MultiplyAddLoad(w11, p1 + cs, a);
        a = TVector.MultiplyAddLoad(w12, p1 + 2 * cs, a);
        a = TVector.MultiplyAddLoad(w20, p2, a);
        a = TVector.MultiplyAddLoad(w21, p2 + cs, a);
        return TVector.MultiplyAddLoad(w22, p2 + 2 * cs, a);
    }

    /// <summary>A pixel whose window leaves the input horizontally: taps outside it are skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TVector Clipped(int ow, int c, float* r0, float* r1, float* r2, TVector bias,
        TVector w00, TVector w01, TVector w02, TVector w10, TVector w11, TVector w12, TVector w20, TVector w21, TVector w22)
    {
        nint cs = _g.InputChannels;
        int inputWidth = _g.Width.InputSize, iw0 = _g.Width.ForwardInputPosition(ow, 0);
        bool t0 = iw0 >= 0 && iw0 < inputWidth, t1 = iw0 + 1 >= 0 && iw0 + 1 < inputWidth, t2 = iw0 + 2 >= 0 && iw0 + 2 < inputWidth;
        // Pointers to taps outside the row are formed but never read.
        nint offset = iw0 * cs + c;
        float* p0 = r0 + offset, p1 = r1 + offset, p2 = r2 + offset;
        var a = bias;
        if (t0) a = TVector.MultiplyAddLoad(w00, p0, a);
        if (t1) a = TVector.MultiplyAddLoad(w01, p0 + cs, a);
        if (t2) a = TVector.MultiplyAddLoad(w02, p0 + 2 * cs, a);
        if (t0) a = TVector.MultiplyAddLoad(w10, p1, a);
        if (t1) a = TVector.MultiplyAddLoad(w11, p1 + cs, a);
        if (t2) a = TVector.MultiplyAddLoad(w12, p1 + 2 * cs, a);
        if (t0) a = TVector.MultiplyAddLoad(w20, p2, a);
        if (t1) a = TVector.MultiplyAddLoad(w21, p2 + cs, a);
        if (t2) a = TVector.MultiplyAddLoad(w22, p2 + 2 * cs, a);
        return a;
    }
}
