namespace Quanta.Kernels;

/// <summary>
/// The indirection pointers of <see cref="F32Convolution{TVector}"/>'s indirect GEMM, by kernel
/// row where it can: with dilation 1 along the width, the KW taps of one kernel row of an NHWC
/// window are KW·C consecutive floats, so a tile whose pixels' windows all lie inside the input
/// horizontally needs one pointer per kernel row and pixel (KH pieces of KW·C floats) instead of
/// one per tap (KH·KW pieces of C). Few input channels (the RGB stem: 3) make tap pieces too short
/// for the GEMM loop, kernel-row pieces of 9 or 21 floats are not. Tiles with a pixel at the
/// left or right border keep one pointer per tap (padding taps read a zero row). Both forms feed
/// the same microkernel on the same packed OHWI weights: K runs in (i, j, c) order either way.
/// </summary>
/// <remarks>
/// Built on first use and rebuilt only when the input address changes (the plan's arena is
/// pinned, so that happens once). Layout per tile: pieces × (the tile's pixels) pointers,
/// piece-major, as <see cref="F32IgemmTile{TVector, TRows}"/> reads them.
/// </remarks>
public sealed unsafe class F32RowIndirection
{
    private readonly Conv2DGeometry _g;
    private readonly nint[] _pointers;
    private readonly int[] _start, _tileStart;
    private readonly bool[] _byRow;
    private readonly AlignedFloats _zeros;
    private float* _base;

    /// <summary>Plans the pointers of every tile (allocated now, filled on first use).</summary>
    /// <param name="geometry">The convolution's geometry.</param>
    /// <param name="tileStart">The first output pixel of every tile, then the pixel count.</param>
    public F32RowIndirection(Conv2DGeometry geometry, int[] tileStart)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(tileStart);
        _g = geometry;
        _tileStart = tileStart;
        Tiles = tileStart.Length - 1;
        _start = new int[Tiles + 1];
        _byRow = new bool[Tiles];
        int kh = geometry.Height.KernelSize;
        for (int tile = 0; tile < Tiles; tile++)
        {
            int rows = tileStart[tile + 1] - tileStart[tile];
            _byRow[tile] = geometry.Width.Dilation == 1 && Enumerable.Range(tileStart[tile], rows).All(Inside);
            _start[tile + 1] = checked(_start[tile] + (_byRow[tile] ? kh : geometry.Taps) * rows);
        }
        _pointers = GC.AllocateArray<nint>(_start[Tiles], pinned: true);
        _zeros = new AlignedFloats(geometry.Width.KernelSize * geometry.InputChannels);
    }

    /// <summary>Tiles covering every output pixel.</summary>
    public int Tiles { get; }

    /// <summary>The tile's pointers and how to read them: <paramref name="kc"/> floats per piece, <paramref name="ks"/> pieces.</summary>
    /// <param name="pointers">From <see cref="For"/>.</param>
    /// <param name="tile">The tile.</param>
    /// <param name="kc">Floats per piece: KW·C by kernel row, C by tap.</param>
    /// <param name="ks">Pieces: KH or KH·KW.</param>
    public float** Tile(float** pointers, int tile, out int kc, out int ks)
    {
        bool byRow = _byRow[tile];
        kc = byRow ? _g.Width.KernelSize * _g.InputChannels : _g.InputChannels;
        ks = byRow ? _g.Height.KernelSize : _g.Taps;
        return pointers + _start[tile];
    }

    /// <summary>The pointers for input <paramref name="input"/>, rebuilt if the input moved.</summary>
    public float** For(float* input)
    {
        fixed (nint* p = _pointers)
        {
            if (input != _base) Fill(input, p);
            return (float**)p;
        }
    }

    /// <summary>True when pixel m's kernel rows lie inside the input horizontally.</summary>
    private bool Inside(int m)
    {
        var w = _g.Width;
        int iw0 = w.ForwardInputPosition(m % w.OutputSize, 0);
        return iw0 >= 0 && iw0 + w.KernelSize <= w.InputSize;
    }

    private void Fill(float* input, nint* p)
    {
        var (h, w) = (_g.Height, _g.Width);
        int taps = _g.Taps, channels = _g.InputChannels;
        nint zeros = (nint)_zeros.Pointer;
        for (int tile = 0; tile < Tiles; tile++)
        {
            nint* q = p + _start[tile];
            int rows = _tileStart[tile + 1] - _tileStart[tile];
            for (int r = 0; r < rows; r++)
            {
                int m = _tileStart[tile] + r;
                if (!_byRow[tile])
                {
                    for (int t = 0; t < taps; t++)
                    {
                        long offset = _g.InputOffset(m, t);
                        q[t * rows + r] = offset < 0 ? zeros : (nint)(input + offset);
                    }
                    continue;
                }
                int ow = m % w.OutputSize, rest = m / w.OutputSize;
                int oh = rest % h.OutputSize, n = rest / h.OutputSize;
                int iw0 = w.ForwardInputPosition(ow, 0);
                for (int i = 0; i < h.KernelSize; i++)
                {
                    int ih = h.ForwardInputPosition(oh, i);
                    q[i * rows + r] = ih < 0 || ih >= h.InputSize ? zeros
                        : (nint)(input + (((long)n * h.InputSize + ih) * w.InputSize + iw0) * channels);
                }
            }
        }
        _base = input;
    }
}
