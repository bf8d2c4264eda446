namespace Quanta.Kernels.Optimized;

/// <summary>
/// x8-pad: constant padding of a tensor of bytes (int8 or uint8), writing every output byte once.
/// Trailing dimensions without padding are merged into one contiguous run, so NHWC padding of H
/// and W copies whole image rows (W·C bytes) with a fill before and after, instead of one
/// channel vector at a time. Same result as <see cref="PadInteger.Pad{T}"/>.
/// </summary>
public sealed class X8ConstantPad
{
    private readonly int[] _outerIn;
    private readonly int[] _outerOut;
    private readonly int[] _before;
    private readonly long _run;
    private readonly long _lines;

    /// <summary>Plans the padding of <paramref name="inputDims"/> by <paramref name="before"/> / the output's extents.</summary>
    /// <exception cref="ArgumentException">The ranks differ or an output extent is smaller than input + before.</exception>
    public X8ConstantPad(ReadOnlySpan<int> inputDims, ReadOnlySpan<int> before, ReadOnlySpan<int> outputDims)
    {
        int rank = inputDims.Length;
        if (before.Length != rank || outputDims.Length != rank) throw new ArgumentException("pad ranks differ");
        int inner = rank;
        _run = 1;
        while (inner > 0 && before[inner - 1] == 0 && outputDims[inner - 1] == inputDims[inner - 1])
        {
            inner--;
            _run *= inputDims[inner];
        }
        _outerIn = inputDims[..inner].ToArray();
        _outerOut = outputDims[..inner].ToArray();
        _before = before[..inner].ToArray();
        for (int d = 0; d < inner; d++)
        {
            if (_before[d] < 0 || _outerOut[d] < _outerIn[d] + _before[d]) throw new ArgumentException($"invalid padding on dimension {d}");
        }
        _lines = 1;
        for (int d = 0; d < inner - 1; d++) _lines *= _outerOut[d];
    }

    /// <summary>Pads <paramref name="input"/> into <paramref name="output"/> with <paramref name="value"/>.</summary>
    public void Run(ReadOnlySpan<byte> input, Span<byte> output, byte value)
    {
        int outer = _outerIn.Length;
        if (outer == 0)
        {
            input[..(int)_run].CopyTo(output);
            return;
        }
        // A line is the last padded dimension times the merged run: [before | input | after].
        int last = outer - 1;
        long lineIn = _outerIn[last] * _run, lineOut = _outerOut[last] * _run, head = _before[last] * _run;
        Span<int> index = stackalloc int[Math.Max(last, 1)];
        for (long line = 0; line < _lines; line++)
        {
            var dst = output.Slice((int)(line * lineOut), (int)lineOut);
            long source = 0;
            bool inside = true;
            for (int d = 0; d < last; d++)
            {
                int i = index[d] - _before[d];
                if ((uint)i >= (uint)_outerIn[d]) { inside = false; break; }
                source = source * _outerIn[d] + i;
            }
            if (!inside || lineIn == 0)
            {
                dst.Fill(value);
            }
            else
            {
                dst[..(int)head].Fill(value);
                input.Slice((int)(source * lineIn), (int)lineIn).CopyTo(dst.Slice((int)head, (int)lineIn));
                dst[(int)(head + lineIn)..].Fill(value);
            }
            for (int d = last - 1; d >= 0; d--)
            {
                if (++index[d] < _outerOut[d]) break;
                index[d] = 0;
            }
        }
    }
}
