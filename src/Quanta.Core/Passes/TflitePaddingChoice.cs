namespace Quanta.Core;

/// <summary>
/// How a 2-D ONNX window (Conv, pooling) is written as a TFLite window: SAME or VALID when one of
/// them gives the same output size and the same first-tap position on both axes (then every
/// output reads the same taps), else a PAD of the input by (top, bottom, left, right) followed by
/// a VALID window.
/// </summary>
/// <param name="Padding">SAME or VALID.</param>
/// <param name="Pads">[top, bottom, left, right] to pad the input by before a VALID window, or null.</param>
internal sealed record TflitePaddingChoice(TflitePadding Padding, int[]? Pads)
{
    /// <summary>Chooses the padding for ONNX axes <paramref name="h"/> and <paramref name="w"/>.</summary>
    /// <returns>The choice, or null when no TFLite window reproduces the ONNX one (a ceil-mode
    /// output that explicit padding cannot reach).</returns>
    public static TflitePaddingChoice? For(WindowAxis h, WindowAxis w)
    {
        if (Matches(h, TflitePadding.Same) && Matches(w, TflitePadding.Same)) return new(TflitePadding.Same, null);
        if (Matches(h, TflitePadding.Valid) && Matches(w, TflitePadding.Valid)) return new(TflitePadding.Valid, null);
        if (ExplicitEnd(h) is not int bottom || ExplicitEnd(w) is not int right) return null;
        return new(TflitePadding.Valid, [h.PadBegin, bottom, w.PadBegin, right]);
    }

    /// <summary>True when TFLite's <paramref name="padding"/> gives the same windows as <paramref name="axis"/>.</summary>
    public static bool Matches(WindowAxis axis, TflitePadding padding)
    {
        try
        {
            var t = ConvGeometry.Tflite(axis.InputSize, axis.KernelSize, axis.Stride, axis.Dilation, padding);
            return t.OutputSize == axis.OutputSize && t.PadBegin == axis.PadBegin;
        }
        catch (GraphValidationException)
        {
            return false;
        }
    }

    /// <summary>The end padding that makes a VALID window over the padded input produce exactly
    /// <see cref="WindowAxis.OutputSize"/> outputs (ONNX's own end padding, or more in ceil mode), or null.</summary>
    private static int? ExplicitEnd(WindowAxis a)
    {
        int needed = (a.OutputSize - 1) * a.Stride + a.EffectiveKernelSize - a.InputSize - a.PadBegin;
        int end = Math.Max(a.PadEnd, needed);
        int padded = a.InputSize + a.PadBegin + end;
        int outputs = (padded - a.EffectiveKernelSize) / a.Stride + 1;
        return a.PadBegin >= 0 && end >= 0 && outputs == a.OutputSize ? end : null;
    }
}
