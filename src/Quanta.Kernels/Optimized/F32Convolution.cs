using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>
/// NHWC float convolution (TFLite CONV_2D with one group) on the GEMM microkernels: output pixels
/// are GEMM rows, output channels its columns, K = KH·KW·C in OHWI order. Three ways to find the
/// rows, chosen once: a 1×1 stride-1 unpadded convolution reads the input pixels as rows in place;
/// a convolution over few channels (the first layer) copies patches into a reused im2col buffer
/// (long rows suit the GEMM better than taps of 3 channels); every other one runs the indirect
/// GEMM through an <see cref="IndirectionBuffer"/>. Weights and bias are packed once.
/// </summary>
/// <remarks>
/// Work is split into tasks of one row tile × one block of weight panels (the block sized to stay
/// in L2 while all row tiles pass over it). Each output is computed by exactly one task with the
/// same instruction sequence, whatever the thread count.
/// </remarks>
/// <typeparam name="TVector">The vector type.</typeparam>
public sealed unsafe class F32Convolution<TVector> : IParallelTask where TVector : struct, IFloatVector<TVector>
{
    /// <summary>Below this many input channels a k×k convolution uses im2col instead of indirection.</summary>
    public const int Im2colChannelLimit = 16;

    /// <summary>Bytes of packed weights one task's block may hold (about a quarter of Zen 3's 512 KiB L2).</summary>
    public const int PanelBlockBytes = 128 * 1024;

    private enum Mode { Pointwise, Im2col, Indirect }

    private readonly Conv2DGeometry _g;
    private readonly Mode _mode;
    private readonly AlignedFloats _packed;
    private readonly int _m, _n, _k, _nr, _rowTiles, _panelsPerBlock, _blocks;
    private readonly float _min, _max;
    private readonly IndirectionBuffer? _indirection;
    private readonly AlignedFloats? _im2col;
    private float* _x, _y;
    private float** _pointers;

    /// <summary>Packs the weights and plans the work.</summary>
    /// <param name="geometry">Shapes and window (one group: InputChannels is the filter's I).</param>
    /// <param name="filter">OHWI weights [OutputChannels, KH, KW, InputChannels].</param>
    /// <param name="bias">Bias per output channel, or empty.</param>
    /// <param name="min">Lower clamp of the fused activation (−∞ for none).</param>
    /// <param name="max">Upper clamp (+∞ for none).</param>
    public F32Convolution(Conv2DGeometry geometry, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, float min, float max)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _g = geometry;
        _m = geometry.OutputPixels;
        _n = geometry.OutputChannels;
        _k = checked(geometry.Taps * geometry.InputChannels);
        _nr = F32GemmMinmax<TVector>.NR;
        (_min, _max) = (min, max);
        _packed = F32GemmPacking.PackRows(filter, bias, _n, _k, _nr);
        _mode = geometry.IsPointwise ? Mode.Pointwise : geometry.InputChannels < Im2colChannelLimit ? Mode.Im2col : Mode.Indirect;
        _rowTiles = (_m + F32GemmMinmax<TVector>.MR - 1) / F32GemmMinmax<TVector>.MR;
        int panels = (_n + _nr - 1) / _nr;
        _panelsPerBlock = Math.Clamp(PanelBlockBytes / ((_k + 1) * _nr * sizeof(float)), 1, Math.Max(1, panels));
        _blocks = (panels + _panelsPerBlock - 1) / _panelsPerBlock;
        if (_mode == Mode.Indirect)
            _indirection = new IndirectionBuffer(geometry, F32IgemmMinmax<TVector>.MR, 0f, geometry.InputChannels);
        else if (_mode == Mode.Im2col)
            _im2col = new AlignedFloats(checked(_m * _k));
    }

    /// <summary>Tasks per run: row tiles × panel blocks (im2col: row tiles, each filling its own rows first).</summary>
    public int TaskCount => _mode == Mode.Im2col ? _rowTiles : _rowTiles * _blocks;

    /// <summary>Multiply-accumulates per run.</summary>
    public long Macs => (long)_m * _n * _k;

    /// <summary>Runs the convolution.</summary>
    /// <param name="input">NHWC input.</param>
    /// <param name="output">NHWC output (every element written).</param>
    /// <param name="runner">Where the tasks run.</param>
    public void Run(ReadOnlySpan<float> input, Span<float> output, IParallelRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (input.Length < _g.InputElements || output.Length < _g.OutputElements)
            throw new ArgumentException($"input {input.Length} / output {output.Length} elements are too few for the geometry");
        fixed (float* x = input, y = output)
        {
            _x = x;
            _y = y;
            if (_mode == Mode.Indirect) _pointers = _indirection!.For(x);
            runner.Run(this, TaskCount);
            _x = _y = null;
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int index)
    {
        const int MR = 6;
        if (_mode == Mode.Im2col)
        {
            // The tile's patch rows are written once, right before the GEMM reads them (still in cache).
            int m0 = index * MR, mr = Math.Min(MR, _m - m0);
            float* a = _im2col!.Pointer;
            for (int r = 0; r < mr; r++) FillPatch(m0 + r, a + (long)(m0 + r) * _k);
            for (int block = 0; block < _blocks; block++) RunTile(index, block, a + (long)m0 * _k, _k);
            return;
        }
        int tile = index % _rowTiles;
        RunTile(tile, index / _rowTiles, _mode == Mode.Pointwise ? _x + (long)tile * MR * _k : null, _k);
    }

    private void RunTile(int tile, int block, float* a, nint aStride)
    {
        const int MR = 6;
        int m0 = tile * MR, mr = Math.Min(MR, _m - m0);
        int n0 = block * _panelsPerBlock * _nr, nc = Math.Min(_panelsPerBlock * _nr, _n - n0);
        float* w = _packed.Pointer + (long)n0 * (_k + 1);
        float* c = _y + (long)m0 * _n + n0;
        if (a is not null)
            F32GemmMinmax<TVector>.Run(mr, nc, _k, a, aStride, w, c, _n, _min, _max);
        else
            F32IgemmMinmax<TVector>.Run(mr, nc, _g.InputChannels, _g.Taps, _pointers + (long)tile * _g.Taps * MR, w, c, _n, _min, _max);
    }

    /// <summary>Writes output pixel m's patch (KH·KW·C floats in OHWI order, zeros in the padding) at <paramref name="row"/>.</summary>
    private void FillPatch(int m, float* row)
    {
        var (hAxis, wAxis) = (_g.Height, _g.Width);
        int channels = _g.InputChannels, kw = wAxis.KernelSize;
        int ow = m % wAxis.OutputSize, rest = m / wAxis.OutputSize;
        int oh = rest % hAxis.OutputSize, n = rest / hAxis.OutputSize;
        int iw0 = ow * wAxis.Stride - wAxis.PadBegin;
        // With dilation 1 and the whole kernel row inside the input, the row's taps are one run.
        bool contiguous = wAxis.Dilation == 1 && iw0 >= 0 && iw0 + kw <= wAxis.InputSize;
        int rowLength = kw * channels;
        for (int i = 0; i < hAxis.KernelSize; i++, row += rowLength)
        {
            int ih = hAxis.ForwardInputPosition(oh, i);
            if (ih < 0 || ih >= hAxis.InputSize)
            {
                new Span<float>(row, rowLength).Clear();
                continue;
            }
            float* src = _x + (((long)n * hAxis.InputSize + ih) * wAxis.InputSize) * channels;
            if (contiguous)
            {
                Buffer.MemoryCopy(src + (long)iw0 * channels, row, rowLength * sizeof(float), rowLength * sizeof(float));
                continue;
            }
            for (int j = 0; j < kw; j++)
            {
                int iw = iw0 + j * wAxis.Dilation;
                var dst = new Span<float>(row + j * channels, channels);
                if (iw < 0 || iw >= wAxis.InputSize) dst.Clear();
                else new ReadOnlySpan<float>(src + (long)iw * channels, channels).CopyTo(dst);
            }
        }
    }
}
