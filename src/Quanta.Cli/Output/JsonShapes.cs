using Quanta.Core;

namespace Quanta.Cli.Output;

/// <summary>Quantization parameters as JSON shows them.</summary>
/// <param name="Axis">The quantized axis, or null for per-tensor parameters.</param>
/// <param name="Scales">One scale, or one per index of the axis.</param>
/// <param name="ZeroPoints">The zero points, parallel to the scales.</param>
internal sealed record QuantJson(int? Axis, float[] Scales, int[] ZeroPoints)
{
    /// <summary>The JSON form of <paramref name="quant"/>, or null.</summary>
    public static QuantJson? Of(QuantParams? quant) =>
        quant is null ? null : new QuantJson(quant.Axis, quant.Scales.ToArray(), quant.ZeroPoints.ToArray());
}

/// <summary>Shapes as JSON shows them: one entry per dimension, null for an unknown one.</summary>
internal static class JsonShape
{
    /// <summary>The dimensions, or null when even the rank is unknown.</summary>
    public static int?[]? Of(Shape? shape) =>
        shape?.Dims.ToArray().Select(d => d == Shape.Unknown ? (int?)null : d).ToArray();
}
