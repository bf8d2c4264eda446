using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// int8 convolution (and fully connected, as a 1×1 convolution over [batches, 1, 1, K]) as GEMM
/// over NHWC: rows are output pixels, K is (fy, fx, c) in the OHWI filter's order, columns are
/// output channels. Rows are processed in tiles of <see cref="RowsPerTile"/>: each tile's
/// activations are widened to int16 into a per-worker buffer (im2col for k×k windows; a plain
/// widening copy for 1×1 stride-1 convolutions), then every 16-channel weight panel runs the
/// <typeparamref name="TGemm"/> microkernel over the tile, the panel staying in L1 while the tile's
/// rows stream from L2.
/// </summary>
/// <remarks>
/// Bit-exact with <see cref="Conv2DInteger.Int8"/> / <see cref="FullyConnectedInteger.Int8"/>: padded
/// positions are filled with the input zero point, so they contribute <c>w·(Zx − Zx) = 0</c> exactly as
/// the reference's skipped positions do (see <see cref="QS8GemmWeights"/> for the zero-point fold).
/// Tiles are independent and always computed the same way, so any split of tiles across threads
/// gives identical bytes.
/// </remarks>
/// <typeparam name="TGemm">The microkernel (ISA and register tile).</typeparam>
public sealed unsafe class QS8Conv2DGemm<TGemm> where TGemm : IQS8GemmMicrokernel
{
    /// <summary>Budget for one tile of packed int16 activations (fits L2 beside a weight panel).</summary>
    private const int TileBytes = 96 * 1024;

    /// <summary>Most rows per tile: tiles are also the unit of work for threads.</summary>
    private const int MaxTileRows = 256;

    /// <summary>Weights up to this size are walked row block by row block (see RunTiles).</summary>
    private const int RowsOuterWeightBytes = 48 * 1024;

    private readonly ConvWindow _w;
    private readonly int _groupInputChannels;
    private readonly QS8GemmWeights[] _groups;
    private readonly QS8OutputParams _output;
    private readonly bool _fp32;
    private readonly short _inputZeroPoint;
    private readonly bool _pointwise;
    private readonly short[][] _scratch;
    private readonly bool _rowsOuter;
    private readonly bool _bounded;

    private QS8Conv2DGemm(in ConvWindow w, QS8GemmWeights[] groups, int inputZeroPoint, QS8OutputParams output, bool fp32, int workers)
    {
        _w = w;
        _groups = groups;
        _groupInputChannels = w.InputChannels / groups.Length;
        _output = output;
        _bounded = Array.TrueForAll(groups, g => g.Params.Bounded);
        _fp32 = fp32;
        _inputZeroPoint = (short)inputZeroPoint;
        _pointwise = w.FilterHeight == 1 && w.FilterWidth == 1 && w.StrideHeight == 1 && w.StrideWidth == 1
            && w.PadTop == 0 && w.PadLeft == 0 && w.InputHeight == w.OutputHeight && w.InputWidth == w.OutputWidth;
        Rows = w.Batches * w.OutputHeight * w.OutputWidth;
        int paddedK = groups[0].PaddedK;
        int mr = TGemm.MR;
        int rows = Math.Clamp(TileBytes / (2 * paddedK) / mr * mr, mr, MaxTileRows / mr * mr);
        _rowsOuter = (long)groups[0].Panels * QS8GemmWeights.PanelColumns * paddedK * 2 <= RowsOuterWeightBytes;
        RowsPerTile = Math.Min(rows, (Rows + mr - 1) / mr * mr);
        Tiles = (Rows + RowsPerTile - 1) / RowsPerTile;
        _scratch = new short[Math.Max(workers, 1)][];
        for (int i = 0; i < _scratch.Length; i++) _scratch[i] = GC.AllocateArray<short>(RowsPerTile * paddedK + QS8PackActivations.Slack, pinned: true);
    }

    /// <summary>GEMM rows: batches × output height × output width.</summary>
    public int Rows { get; }

    /// <summary>Rows per tile (a multiple of the microkernel's MR).</summary>
    public int RowsPerTile { get; }

    /// <summary>Number of independent tiles (the unit of work for threads).</summary>
    public int Tiles { get; }

    /// <summary>A convolution with TFLite's fixed-point requantization.</summary>
    /// <param name="w">Geometry; <c>w.InputChannels</c> is a multiple of the filter's input channels (groups).</param>
    /// <param name="filter">[C_out, fH, fW, C_in / groups].</param>
    /// <param name="weightZeroPoints">Empty (symmetric), one, or one per output channel.</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="bias">[C_out] or empty.</param>
    /// <param name="multipliers">One or C_out.</param>
    /// <param name="output">Zy and clamp.</param>
    /// <param name="workers">Threads that may run tiles at the same time (one activation buffer each).</param>
    /// <exception cref="ArgumentException">Sizes disagree, or a shift is outside [−31, 31].</exception>
    public static QS8Conv2DGemm<TGemm> Gemmlowp(in ConvWindow w, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> weightZeroPoints, int inputZeroPoint,
        ReadOnlySpan<int> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, QS8OutputParams output, int workers)
    {
        var (groups, n, k) = Split(w, filter);
        var packed = new QS8GemmWeights[groups];
        for (int g = 0; g < groups; g++)
        {
            packed[g] = QS8GemmWeights.Gemmlowp(n, k, filter.Slice(g * n * k, n * k), GroupSlice(weightZeroPoints, g, n), inputZeroPoint,
                GroupSlice(bias, g, n), multipliers.Length == 1 ? multipliers : multipliers.Slice(g * n, n));
        }
        return new(w, packed, inputZeroPoint, output, fp32: false, workers);
    }

    /// <summary>A convolution with the floating-point (ONNX) output stage; parameters as in <see cref="Gemmlowp"/>.</summary>
    /// <param name="w">Geometry.</param>
    /// <param name="filter">[C_out, fH, fW, C_in / groups].</param>
    /// <param name="weightZeroPoints">Empty, one, or one per output channel.</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="bias">[C_out] or empty.</param>
    /// <param name="scales">One or C_out output scales s_x·s_w/s_y.</param>
    /// <param name="output">Zy and clamp.</param>
    /// <param name="workers">Concurrent threads.</param>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    public static QS8Conv2DGemm<TGemm> Fp32(in ConvWindow w, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> weightZeroPoints, int inputZeroPoint,
        ReadOnlySpan<int> bias, ReadOnlySpan<float> scales, QS8OutputParams output, int workers)
    {
        var (groups, n, k) = Split(w, filter);
        var packed = new QS8GemmWeights[groups];
        for (int g = 0; g < groups; g++)
        {
            packed[g] = QS8GemmWeights.Fp32(n, k, filter.Slice(g * n * k, n * k), GroupSlice(weightZeroPoints, g, n), inputZeroPoint,
                GroupSlice(bias, g, n), scales.Length == 1 ? scales : scales.Slice(g * n, n));
        }
        return new(w, packed, inputZeroPoint, output, fp32: true, workers);
    }

    private static (int Groups, int N, int K) Split(in ConvWindow w, ReadOnlySpan<sbyte> filter)
    {
        long taps = (long)w.OutputChannels * w.FilterHeight * w.FilterWidth;
        if (taps == 0 || filter.Length % taps != 0) throw new ArgumentException($"{filter.Length} filter values for {taps} output taps", nameof(filter));
        int cin = (int)(filter.Length / taps);
        if (cin == 0 || w.InputChannels % cin != 0) throw new ArgumentException($"filter depth {cin} does not divide {w.InputChannels} input channels", nameof(filter));
        int groups = w.InputChannels / cin;
        if (w.OutputChannels % groups != 0) throw new ArgumentException($"{groups} groups do not divide {w.OutputChannels} output channels", nameof(filter));
        return (groups, w.OutputChannels / groups, w.FilterHeight * w.FilterWidth * cin);
    }

    private static ReadOnlySpan<T> GroupSlice<T>(ReadOnlySpan<T> perChannel, int group, int n) =>
        perChannel.Length <= 1 ? perChannel : perChannel.Slice(group * n, n);

    /// <summary>Computes tiles [<paramref name="firstTile"/>, +<paramref name="tileCount"/>).</summary>
    /// <param name="input">[N, H, W, C_in]; must hold <see cref="ConvWindow.InputSize"/> elements.</param>
    /// <param name="output">[N, oH, oW, C_out].</param>
    /// <param name="firstTile">First tile.</param>
    /// <param name="tileCount">Tiles to compute.</param>
    /// <param name="worker">The calling worker's index (its activation buffer); no two concurrent calls share one.</param>
    public void Run(sbyte* input, sbyte* output, int firstTile, int tileCount, int worker)
    {
        if (_fp32) RunTiles<QS8RequantizeFp32>(input, output, firstTile, tileCount, worker);
        else if (_bounded) RunTiles<QS8RequantizeGemmlowpBounded>(input, output, firstTile, tileCount, worker);
        else RunTiles<QS8RequantizeGemmlowp>(input, output, firstTile, tileCount, worker);
    }

    /// <summary>Checks span sizes, then computes every tile on the calling thread.</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs.</exception>
    public void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        if (input.Length < _w.InputSize || output.Length < _w.OutputSize)
            throw new ArgumentException($"input {input.Length} / output {output.Length} elements, geometry needs {_w.InputSize} / {_w.OutputSize}");
        fixed (sbyte* x = input)
        fixed (sbyte* y = output)
        {
            Run(x, y, 0, Tiles, 0);
        }
    }

    private void RunTiles<TRequant>(sbyte* input, sbyte* output, int firstTile, int tileCount, int worker) where TRequant : IQS8Requantization
    {
        short* a = (short*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_scratch[worker]));
        int n = _groups[0].N, paddedK = _groups[0].PaddedK, outChannels = _w.OutputChannels, mr = TGemm.MR;
        for (int tile = firstTile; tile < firstTile + tileCount; tile++)
        {
            int row0 = tile * RowsPerTile, rows = Math.Min(RowsPerTile, Rows - row0);
            for (int g = 0; g < _groups.Length; g++)
            {
                var weights = _groups[g];
                PackTile(input, g, row0, rows, a, paddedK);
                int blockInts = weights.BlockInts(TGemm.WideParams);
                sbyte* c = output + (long)row0 * outChannels + g * n;
                if (_rowsOuter)
                {
                    // Small weights (all panels fit L1/L2): a row block stays in registers/L1 and its
                    // output rows are written whole, panel after panel.
                    for (int r = 0; r < rows; r += mr)
                    {
                        for (int panel = 0; panel < weights.Panels; panel++)
                        {
                            int columns = Math.Min(QS8GemmWeights.PanelColumns, n - panel * QS8GemmWeights.PanelColumns);
                            TGemm.Run<TRequant>(Math.Min(mr, rows - r), columns, weights.KPairs, a + (long)r * paddedK, paddedK, weights.Panel(panel),
                                weights.PanelParams(panel, TGemm.WideParams), blockInts, c + (long)r * outChannels + panel * QS8GemmWeights.PanelColumns, outChannels, _output);
                        }
                    }
                    continue;
                }
                // Large weights: one panel stays in L1 while the tile's rows stream past it.
                for (int panel = 0; panel < weights.Panels; panel++)
                {
                    int columns = Math.Min(QS8GemmWeights.PanelColumns, n - panel * QS8GemmWeights.PanelColumns);
                    short* w = weights.Panel(panel);
                    int* p = weights.PanelParams(panel, TGemm.WideParams);
                    sbyte* cp = c + panel * QS8GemmWeights.PanelColumns;
                    for (int r = 0; r < rows; r += mr)
                    {
                        TGemm.Run<TRequant>(Math.Min(mr, rows - r), columns, weights.KPairs, a + (long)r * paddedK, paddedK, w, p, blockInts,
                            cp + (long)r * outChannels, outChannels, _output);
                    }
                }
            }
        }
    }

    /// <summary>Widens the tile's rows of group <paramref name="g"/> into <paramref name="a"/>
    /// (row stride <paramref name="paddedK"/>), padding rows to a multiple of MR with zeros.</summary>
    /// <remarks>Rows are written in increasing order, each from left to right, so the vector
    /// overshoot of one run lands where a later run (or the K padding, or the next row) writes.</remarks>
    private void PackTile(sbyte* input, int g, int row0, int rows, short* a, int paddedK)
    {
        int cin = _groupInputChannels, k = _groups[g].K, tileRows = rows;
        int pixels = _w.OutputHeight * _w.OutputWidth;
        sbyte* inputEnd = input + _w.InputSize;
        // A filter row whose taps are all inside the image is one contiguous run of fW·cin bytes
        // when the taps are adjacent (no dilation) and the group spans all channels.
        bool contiguousRows = _w.DilationWidth == 1 && cin == _w.InputChannels;
        // The output position of row0, then stepped per row (no divisions per row: for small K they
        // cost as much as the row's multiply-adds).
        int b = row0 / pixels, oy = row0 % pixels / _w.OutputWidth, ox = row0 % _w.OutputWidth - 1;
        // Geometry in locals: the JIT reloads fields after every store through a pointer.
        int outW = _w.OutputWidth, outH = _w.OutputHeight, strideH = _w.StrideHeight, strideW = _w.StrideWidth;
        int padTop = _w.PadTop, padLeft = _w.PadLeft, fH = _w.FilterHeight, fW = _w.FilterWidth, dilH = _w.DilationHeight, dilW = _w.DilationWidth;
        int inH = _w.InputHeight, inW = _w.InputWidth, inC = _w.InputChannels, run = fW * cin;
        long rowBytes = (long)inW * inC;
        bool shortRuns = run <= 16 && QS8PackActivations.CanWiden16;
        if (_pointwise && cin == _w.InputChannels && paddedK == cin)
        {
            // The tile's rows are contiguous in the input and in the buffer: one widening run.
            QS8PackActivations.WidenOvershoot(input + (long)row0 * cin, a, rows * cin, inputEnd);
            rows = 0;
        }
        for (int r = 0; r < rows; r++)
        {
            short* dst = a + (long)r * paddedK;
            int m = row0 + r;
            if (_pointwise)
            {
                QS8PackActivations.WidenOvershoot(input + (long)m * _w.InputChannels + g * cin, dst, cin, inputEnd);
            }
            else
            {
                if (++ox == outW)
                {
                    ox = 0;
                    if (++oy == outH)
                    {
                        oy = 0;
                        b++;
                    }
                }
                int iy0 = oy * strideH - padTop, ix0 = ox * strideW - padLeft;
                bool columnsInside = ix0 >= 0 && ix0 + (fW - 1) * dilW < inW;
                if (columnsInside && contiguousRows && iy0 >= 0 && iy0 + (fH - 1) * dilH < inH)
                {
                    // The whole window inside the image (most rows): fH runs of fW·cin bytes, no checks.
                    sbyte* src = input + ((long)(b * inH + iy0) * inW + ix0) * inC;
                    if (shortRuns && src + (fH - 1) * dilH * rowBytes + 16 <= inputEnd)
                    {
                        // Runs of at most 16 (small stems such as 3×3 on 3 channels): one vpmovsxbw each.
                        for (int fy = 0; fy < fH; fy++, src += dilH * rowBytes, dst += run)
                            QS8PackActivations.Widen16(src, dst);
                    }
                    else
                    {
                        for (int fy = 0; fy < fH; fy++, src += dilH * rowBytes, dst += run)
                            QS8PackActivations.WidenOvershoot(src, dst, run, inputEnd);
                    }
                }
                else
                {
                    PackBorderRow(input, g, b, iy0, ix0, columnsInside && contiguousRows, dst, inputEnd);
                }
            }
            if (paddedK != k) a[(long)r * paddedK + k] = 0;
        }
        int paddedRows = (tileRows + TGemm.MR - 1) / TGemm.MR * TGemm.MR;
        if (paddedRows != tileRows) QS8PackActivations.Fill(a + (long)tileRows * paddedK, (paddedRows - tileRows) * paddedK, 0);
    }

    /// <summary>One im2col row whose window crosses the image border: padded taps get the input zero point.</summary>
    private void PackBorderRow(sbyte* input, int g, int b, int iy0, int ix0, bool contiguousRun, short* dst, sbyte* inputEnd)
    {
        int cin = _groupInputChannels;
        for (int fy = 0; fy < _w.FilterHeight; fy++)
        {
            int iy = iy0 + fy * _w.DilationHeight;
            if ((uint)iy >= (uint)_w.InputHeight)
            {
                QS8PackActivations.Fill(dst, _w.FilterWidth * cin, _inputZeroPoint);
                dst += _w.FilterWidth * cin;
                continue;
            }
            if (contiguousRun)
            {
                QS8PackActivations.WidenOvershoot(input + _w.InputOffset(b, iy, ix0, 0), dst, _w.FilterWidth * cin, inputEnd);
                dst += _w.FilterWidth * cin;
                continue;
            }
            for (int fx = 0; fx < _w.FilterWidth; fx++, dst += cin)
            {
                int ix = ix0 + fx * _w.DilationWidth;
                if ((uint)ix >= (uint)_w.InputWidth)
                    QS8PackActivations.Fill(dst, cin, _inputZeroPoint);
                else
                    QS8PackActivations.WidenOvershoot(input + _w.InputOffset(b, iy, ix, g * cin), dst, cin, inputEnd);
            }
        }
    }
}
