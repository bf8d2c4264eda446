using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels;

/// <summary>
/// NHWC float convolution (TFLite CONV_2D with one group) on the GEMM microkernels: output pixels
/// are GEMM rows, output channels its columns, K = KH·KW·C in OHWI order. A 1×1 stride-1
/// unpadded convolution reads the input pixels as rows in place; every other one runs the
/// indirect GEMM through an <see cref="F32RowIndirection"/> (one pointer per kernel row and
/// pixel where the window lies inside the input horizontally, per tap at the borders), with no
/// im2col copy even for the three-channel stem. Weights and bias are packed once.
/// </summary>
/// <remarks>
/// Work is split into tasks of one row tile × one block of weight panels (the block sized to stay
/// in L2 while all row tiles pass over it). Each output is computed by exactly one task with the
/// same instruction sequence, whatever the thread count.
/// </remarks>
/// <typeparam name="TVector">The vector type.</typeparam>
public sealed unsafe class F32Convolution<TVector> : IParallelTask where TVector : struct, IFloatVector<TVector>
{
    /// <summary>Bytes of packed weights one task's block may hold (about a quarter of Zen 3's 512 KiB L2).</summary>
    public const int PanelBlockBytes = 128 * 1024;

    private readonly Conv2DGeometry _g;
    private readonly AlignedFloats _packed;
    private readonly int _m, _n, _k, _nr, _rowTiles, _panelsPerBlock, _blocks;
    private readonly int[] _tileStart;
    private readonly float _min, _max;
    private readonly F32RowIndirection? _indirection;
    private float* _x, _y, _r;
    private float** _pointers;

    /// <summary>Packs the weights and plans the work.</summary>
    /// <param name="geometry">Shapes and window (one group: InputChannels is the filter's I).</param>
    /// <param name="filter">OHWI weights [OutputChannels, KH, KW, InputChannels].</param>
    /// <param name="bias">Bias per output channel, or empty.</param>
    /// <param name="min">Lower clamp of the fused activation (−∞ for none).</param>
    /// <param name="max">Upper clamp (+∞ for none).</param>
    /// <param name="maxRows">The widest row tile (tests pass smaller ones to reach every tile size);
    /// 0 for <see cref="F32IgemmTiles{TVector}.MaxRows"/>.</param>
    public F32Convolution(Conv2DGeometry geometry, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, float min, float max, int maxRows = 0)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _g = geometry;
        _m = geometry.OutputPixels;
        _n = geometry.OutputChannels;
        _k = checked(geometry.Taps * geometry.InputChannels);
        _nr = F32GemmMinmax<TVector>.NR;
        (_min, _max) = (min, max);
        _packed = F32GemmPacking.PackRows(filter, bias, _n, _k, _nr);
        _tileStart = F32TilePlan.Split(_m, maxRows > 0 ? Math.Min(maxRows, F32IgemmTiles<TVector>.MaxRows) : F32IgemmTiles<TVector>.MaxRows);
        _rowTiles = _tileStart.Length - 1;
        int panels = (_n + _nr - 1) / _nr;
        _panelsPerBlock = Math.Clamp(PanelBlockBytes / ((_k + 1) * _nr * sizeof(float)), 1, Math.Max(1, panels));
        _blocks = (panels + _panelsPerBlock - 1) / _panelsPerBlock;
        if (!geometry.IsPointwise) _indirection = new F32RowIndirection(geometry, _tileStart);
    }

    /// <summary>Tasks per run: row tiles × panel blocks.</summary>
    public int TaskCount => _rowTiles * _blocks;

    /// <summary>Multiply-accumulates per run.</summary>
    public long Macs => (long)_m * _n * _k;

    /// <summary>Runs the convolution.</summary>
    /// <param name="input">NHWC input.</param>
    /// <param name="output">NHWC output (every element written).</param>
    /// <param name="runner">Where the tasks run.</param>
    public void Run(ReadOnlySpan<float> input, Span<float> output, IParallelRunner runner) => Run(input, default, output, runner);

    /// <summary>Runs the convolution with a residual added before the clamp:
    /// <c>y = clamp(conv(x) + residual, min, max)</c>, a residual connection's ADD fused into the
    /// epilogue (the same float additions as the convolution followed by the ADD).</summary>
    /// <param name="input">NHWC input.</param>
    /// <param name="residual">A tensor shaped like the output, or empty for none.</param>
    /// <param name="output">NHWC output (every element written).</param>
    /// <param name="runner">Where the tasks run.</param>
    public void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> residual, Span<float> output, IParallelRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (input.Length < _g.InputElements || output.Length < _g.OutputElements || (!residual.IsEmpty && residual.Length < _g.OutputElements))
            throw new ArgumentException($"input {input.Length} / residual {residual.Length} / output {output.Length} elements are too few for the geometry");
        fixed (float* x = input, r = residual, y = output)
        {
            _x = x;
            _y = y;
            _r = residual.IsEmpty ? null : r;
            if (_indirection is not null) _pointers = _indirection.For(x);
            runner.Run(this, TaskCount);
            _x = _y = _r = null;
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int index)
    {
        int tile = index % _rowTiles, block = index / _rowTiles;
        int m0 = _tileStart[tile], mr = _tileStart[tile + 1] - m0;
        int n0 = block * _panelsPerBlock * _nr, nc = Math.Min(_panelsPerBlock * _nr, _n - n0);
        float* w = _packed.Pointer + (long)n0 * (_k + 1);
        float* c = _y + (long)m0 * _n + n0;
        // With a residual the tile is stored unclamped, then y = clamp(y + r) while it is in L1.
        float min = _r is null ? _min : float.NegativeInfinity, max = _r is null ? _max : float.PositiveInfinity;
        if (_r is not null) PrefetchResidual(_r + (long)m0 * _n + n0, mr, nc);
        if (_indirection is null)
        {
            // A plain GEMM: one piece of K floats per row, the input pixels in place.
            float** rows = stackalloc float*[8];
            for (int i = 0; i < mr; i++) rows[i] = _x + (long)(m0 + i) * _k;
            F32IgemmTiles<TVector>.Run(mr, nc, _k, 1, rows, w, c, _n, min, max);
        }
        else
        {
            float** a = _indirection.Tile(_pointers, tile, out int kc, out int ks);
            F32IgemmTiles<TVector>.Run(mr, nc, kc, ks, a, w, c, _n, min, max);
        }
        if (_r is not null)
        {
            float* r = _r + (long)m0 * _n + n0;
            for (int i = 0; i < mr; i++)
                F32VBinaryMinmax<TVector>.Run<F32AddOp<TVector>>(nc, c + (long)i * _n, r + (long)i * _n, c + (long)i * _n, _min, _max);
        }
    }

    /// <summary>Requests the tile's residual lines before its multiply-adds, so that the epilogue
    /// pass finds them in cache instead of waiting on each miss in turn.</summary>
    private void PrefetchResidual(float* r, int rows, int columns)
    {
        if (!Sse.IsSupported) return;
        for (int i = 0; i < rows; i++)
        {
            float* row = r + (long)i * _n;
            for (int j = 0; j < columns; j += 16) Sse.Prefetch0(row + j);
        }
    }
}

/// <summary>How a convolution splits its output pixels into row tiles.</summary>
public static class F32TilePlan
{
    /// <summary>
    /// Tile boundaries for <paramref name="m"/> rows with tiles of at most <paramref name="maxRows"/>:
    /// the row count R (from maxRows − 2 to maxRows) whose whole tiles plus one exact last tile cost
    /// least, counting a 1-row tile as two rows (its two multiply-add chains leave half the FMA
    /// throughput idle) and each tile's epilogue as a fraction of a row; ties go to wider tiles.
    /// 49 pixels (7×7) become seven tiles of 7 on AVX-512, not 8 × 6 + 1.
    /// </summary>
    /// <returns>The first row of every tile, then <paramref name="m"/>.</returns>
    public static int[] Split(int m, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        int best = maxRows;
        double bestCost = double.MaxValue;
        for (int rows = maxRows; rows >= Math.Max(1, maxRows - 2); rows--)
        {
            int rest = m % rows, tiles = m / rows + (rest > 0 ? 1 : 0);
            double cost = m + (rest == 1 && rows > 1 ? 1 : 0) + 0.25 * tiles;
            if (cost < bestCost - 1e-9) (best, bestCost) = (rows, cost);
        }
        int count = (m + best - 1) / best;
        var start = new int[count + 1];
        for (int t = 0; t < count; t++) start[t] = t * best;
        start[count] = m;
        return start;
    }
}
