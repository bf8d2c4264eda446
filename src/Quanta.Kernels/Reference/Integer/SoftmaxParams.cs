using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>Parameters of quantized SOFTMAX over int8 inputs (TFLite Micro's CalculateSoftmaxParams).</summary>
/// <param name="InputMultiplier">β·s_x scaled into Q5.26 (PreprocessSoftmaxScaling), a left-shift multiplier.</param>
/// <param name="DiffMin">Input differences below this are too negative to contribute (−CalculateInputRadius(5, shift)).</param>
public readonly record struct SoftmaxInt8Params(QuantizedMultiplier InputMultiplier, int DiffMin)
{
    /// <summary>Computes the parameters from β and the input scale.</summary>
    public static SoftmaxInt8Params Create(float beta, float inputScale)
    {
        var m = Requantize.PreprocessSoftmaxScaling(beta, inputScale, SoftmaxInteger.ScaledDiffIntegerBits);
        return new(m, -Requantize.CalculateInputRadius(SoftmaxInteger.ScaledDiffIntegerBits, m.Shift));
    }
}

/// <summary>Parameters and tables of int16 SOFTMAX (TFLite Micro's SoftmaxPrepare for int16).</summary>
/// <param name="InputMultiplier">s_x·β scaled so that [−65535, 0] input LSBs span [−10, 0].</param>
/// <param name="ExpLut">exp on [−10, 0] (513 entries).</param>
/// <param name="OneOverOnePlusXLut">1/(1 + x) on [0, 1] (513 entries).</param>
public sealed record SoftmaxInt16Params(QuantizedMultiplier InputMultiplier, short[] ExpLut, short[] OneOverOnePlusXLut)
{
    /// <summary>Computes the multiplier and generates both tables.</summary>
    public static SoftmaxInt16Params Create(float beta, float inputScale) =>
        new(QuantizedMultiplier.FromDouble((double)inputScale * beta / (10.0 / 65535.0)),
            Int16Lut.Generate(MathF.Exp, -10f, 0f, -1f, 1f),
            Int16Lut.Generate(x => 1f / (1f + x), 0f, 1f, -1f, 1f));
}
