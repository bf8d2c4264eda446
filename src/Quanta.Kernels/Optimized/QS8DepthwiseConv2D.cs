using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// int8 depthwise convolution over NHWC with a direct microkernel per output pixel: for each pixel
/// the driver builds the list of tap pointers (padded taps point at a row of input zero points)
/// and <typeparamref name="TDw"/> computes every channel. Any window size, stride, dilation and
/// padding; a depth multiplier M &gt; 1 first expands the input to C·M channels (channel ic·M + m =
/// input channel ic), after which output channel o reads expanded channel o, as for M = 1.
/// </summary>
/// <remarks>Bit-exact with <see cref="DepthwiseConv2DInteger.Int8"/>; the unit of work for threads is
/// one output row, and rows are independent, so any split gives identical bytes.</remarks>
/// <typeparam name="TDw">The microkernel.</typeparam>
public sealed unsafe class QS8DepthwiseConv2D<TDw> where TDw : IQS8DwconvMicrokernel
{
    private readonly ConvWindow _w;
    private readonly int _depthMultiplier;
    private readonly QS8DepthwiseWeights _weights;
    private readonly QS8OutputParams _output;
    private readonly bool _fp32;
    private readonly sbyte[] _zeros;
    private readonly sbyte[]? _expanded;

    private QS8DepthwiseConv2D(in ConvWindow w, int depthMultiplier, QS8DepthwiseWeights weights, int inputZeroPoint, QS8OutputParams output, bool fp32)
    {
        _w = w;
        _depthMultiplier = depthMultiplier;
        _weights = weights;
        _output = output;
        _fp32 = fp32;
        // A whole image row of zero points (plus a vector of slack): the taps of rows above or below
        // the image read it, and advance along it during a run of interior columns.
        _zeros = GC.AllocateArray<sbyte>(w.InputWidth * w.OutputChannels + 16, pinned: true);
        Array.Fill(_zeros, (sbyte)inputZeroPoint);
        if (depthMultiplier > 1) _expanded = GC.AllocateArray<sbyte>(checked((int)(w.InputSize * depthMultiplier)), pinned: true);
        Tiles = w.Batches * w.OutputHeight;
    }

    /// <summary>Independent units of work: output rows.</summary>
    public int Tiles { get; }

    /// <summary>A depthwise convolution with TFLite's fixed-point requantization.</summary>
    /// <param name="w">Geometry; OutputChannels = InputChannels · <paramref name="depthMultiplier"/>.</param>
    /// <param name="depthMultiplier">M.</param>
    /// <param name="filter">[1, fH, fW, C·M].</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="bias">[C·M] or empty.</param>
    /// <param name="multipliers">One or C·M.</param>
    /// <param name="output">Zy and clamp.</param>
    /// <exception cref="ArgumentException">Sizes disagree, or a shift is outside [−31, 31].</exception>
    public static QS8DepthwiseConv2D<TDw> Gemmlowp(in ConvWindow w, int depthMultiplier, ReadOnlySpan<sbyte> filter, int inputZeroPoint,
        ReadOnlySpan<int> bias, ReadOnlySpan<QuantizedMultiplier> multipliers, QS8OutputParams output)
    {
        Check(w, depthMultiplier);
        var weights = QS8DepthwiseWeights.Gemmlowp(w.OutputChannels, w.FilterHeight * w.FilterWidth, filter, inputZeroPoint, bias, multipliers);
        return new(w, depthMultiplier, weights, inputZeroPoint, output, fp32: false);
    }

    /// <summary>A depthwise convolution with the floating-point (ONNX) output stage.</summary>
    /// <param name="w">Geometry.</param>
    /// <param name="depthMultiplier">M.</param>
    /// <param name="filter">[1, fH, fW, C·M].</param>
    /// <param name="inputZeroPoint">Zx.</param>
    /// <param name="bias">[C·M] or empty.</param>
    /// <param name="scales">One or C·M.</param>
    /// <param name="output">Zy and clamp.</param>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    public static QS8DepthwiseConv2D<TDw> Fp32(in ConvWindow w, int depthMultiplier, ReadOnlySpan<sbyte> filter, int inputZeroPoint,
        ReadOnlySpan<int> bias, ReadOnlySpan<float> scales, QS8OutputParams output)
    {
        Check(w, depthMultiplier);
        var weights = QS8DepthwiseWeights.Fp32(w.OutputChannels, w.FilterHeight * w.FilterWidth, filter, inputZeroPoint, bias, scales);
        return new(w, depthMultiplier, weights, inputZeroPoint, output, fp32: true);
    }

    private static void Check(in ConvWindow w, int depthMultiplier)
    {
        if (depthMultiplier < 1 || w.OutputChannels != (long)w.InputChannels * depthMultiplier)
            throw new ArgumentException($"{w.OutputChannels} output channels ≠ {w.InputChannels} input channels × {depthMultiplier}", nameof(depthMultiplier));
    }

    /// <summary>The input the tiles read: <paramref name="input"/> itself, or (depth multiplier &gt; 1)
    /// its expansion to C·M channels, written into a buffer owned by this object. Call once per run,
    /// before <see cref="Run(sbyte*, sbyte*, int, int)"/>.</summary>
    public sbyte* Prepare(sbyte* input)
    {
        if (_expanded is null) return input;
        sbyte* dst = (sbyte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_expanded));
        long pixels = _w.InputSize / Math.Max(_w.InputChannels, 1);
        int cin = _w.InputChannels, m = _depthMultiplier;
        for (long px = 0; px < pixels; px++)
        {
            sbyte* s = input + px * cin;
            sbyte* d = dst + px * cin * m;
            for (int c = 0; c < cin; c++)
            {
                for (int j = 0; j < m; j++) d[c * m + j] = s[c];
            }
        }
        return dst;
    }

    /// <summary>Checks span sizes, then runs every tile on the calling thread.</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs.</exception>
    public void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        if (input.Length < _w.InputSize || output.Length < _w.OutputSize)
            throw new ArgumentException($"input {input.Length} / output {output.Length} elements, geometry needs {_w.InputSize} / {_w.OutputSize}");
        fixed (sbyte* x = input)
        fixed (sbyte* y = output)
        {
            Run(Prepare(x), y, 0, Tiles);
        }
    }

    /// <summary>Computes output rows [<paramref name="firstTile"/>, +<paramref name="tileCount"/>).</summary>
    /// <param name="input">What <see cref="Prepare"/> returned.</param>
    /// <param name="output">[N, oH, oW, C·M].</param>
    /// <param name="firstTile">First output row (over batches × output height).</param>
    /// <param name="tileCount">Rows.</param>
    public void Run(sbyte* input, sbyte* output, int firstTile, int tileCount)
    {
        if (_fp32) RunTiles<QS8RequantizeFp32>(input, output, firstTile, tileCount);
        else if (_weights.Params.Bounded) RunTiles<QS8RequantizeGemmlowpBounded>(input, output, firstTile, tileCount);
        else RunTiles<QS8RequantizeGemmlowp>(input, output, firstTile, tileCount);
    }

    private void RunTiles<TRequant>(sbyte* input, sbyte* output, int firstTile, int tileCount) where TRequant : IQS8Requantization
    {
        int taps = _w.FilterHeight * _w.FilterWidth, slots = 2 * _weights.TapPairs, channels = _w.OutputChannels;
        sbyte** tap = stackalloc sbyte*[slots];
        sbyte* zeros = (sbyte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_zeros));
        long rowStride = (long)_w.InputWidth * channels;
        nint step = (nint)_w.StrideWidth * channels;
        // Output columns whose taps all fall inside the image horizontally: [first, end).
        int first = Math.Min(_w.OutputWidth, (_w.PadLeft + _w.StrideWidth - 1) / _w.StrideWidth);
        int lastInside = _w.InputWidth - 1 - (_w.FilterWidth - 1) * _w.DilationWidth + _w.PadLeft;
        int end = lastInside < 0 ? 0 : Math.Min(_w.OutputWidth, lastInside / _w.StrideWidth + 1);
        if (end < first) end = first;
        for (int tile = firstTile; tile < firstTile + tileCount; tile++)
        {
            int b = tile / _w.OutputHeight, oy = tile % _w.OutputHeight;
            sbyte* image = input + (long)b * _w.InputHeight * rowStride;
            sbyte* outRow = output + ((long)b * _w.OutputHeight + oy) * _w.OutputWidth * channels;
            int iy0 = oy * _w.StrideHeight - _w.PadTop;
            for (int ox = 0; ox < _w.OutputWidth;)
            {
                // A run of interior columns advances every tap by the stride; rows outside the image
                // read a zero-point row as wide as an image row, so they advance in step too.
                bool run = ox == first && end > first;
                int ix0 = ox * _w.StrideWidth - _w.PadLeft;
                for (int fy = 0, t = 0; fy < _w.FilterHeight; fy++)
                {
                    int iy = iy0 + fy * _w.DilationHeight;
                    sbyte* row = (uint)iy < (uint)_w.InputHeight ? image + iy * rowStride : zeros;
                    for (int fx = 0; fx < _w.FilterWidth; fx++, t++)
                    {
                        int ix = ix0 + fx * _w.DilationWidth;
                        tap[t] = (uint)ix < (uint)_w.InputWidth ? row + (long)ix * channels : zeros;
                    }
                }
                // The odd tap out has zero weights: let it follow tap 0 so it stays readable as it advances.
                for (int t = taps; t < slots; t++) tap[t] = tap[0];
                int pixels = run ? end - first : 1;
                TDw.Run<TRequant>(pixels, channels, _weights, tap, step, outRow + (long)ox * channels, _output);
                ox += pixels;
            }
        }
    }
}
