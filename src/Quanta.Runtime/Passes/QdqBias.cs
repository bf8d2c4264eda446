using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// The bias of a DQ-Conv-Q or DQ-Gemm-Q group: a DequantizeLinear of a constant int32 vector whose
/// zero points are 0 and whose scale per output channel equals <c>input scale · weight scale[c]</c>, so
/// that the int32 values can be added to the accumulator unchanged.
/// </summary>
internal static class QdqBias
{
    /// <summary>The relative difference tolerated between the bias scale and the product of the input and weight scales
    /// (exporters compute the product in double or float; a relative error of 1e-5 moves an output by
    /// far less than one LSB).</summary>
    public const double ScaleTolerance = 1e-5;

    /// <summary>
    /// Checks the bias input <paramref name="bias"/>: true with <paramref name="data"/> = the int32
    /// constant when it qualifies, true with null when there is no bias, false otherwise.
    /// </summary>
    public static bool Match(Value? bias, QdqParams input, QdqParams weights, int channels, out Value? data)
    {
        data = null;
        if (bias is null) return true;
        var dq = QdqRewriter.Dequantized(bias);
        if (dq is null || dq.Type != DataType.Int32 || dq.Data.Constant is not { } values) return false;
        if (values.Shape.Rank != 1 || values.Shape[0] != channels) return false;
        if (!Array.TrueForAll(dq.ZeroPoints, z => z == 0)) return false;
        if (!dq.IsPerTensor && (dq.Axis != 0 || dq.Scales.Length != channels)) return false;
        for (int c = 0; c < channels; c++)
        {
            double expected = (double)input.Scales[0] * weights.ScaleAt(c);
            if (Math.Abs(dq.ScaleAt(c) - expected) > ScaleTolerance * expected) return false;
        }
        data = dq.Data;
        return true;
    }
}
