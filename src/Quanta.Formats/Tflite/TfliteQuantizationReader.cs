using System.Runtime.InteropServices;
using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Reads a tensor's <c>QuantizationParameters</c> (scale[], zero_point[], quantized_dimension) into
/// <see cref="QuantParams"/>: <c>real = scale × (q − zero_point)</c>, one pair for the tensor or one
/// per index of the quantized dimension.
/// </summary>
/// <remarks>
/// As TFLite's own interpreter does: a table with no scales (min/max only, as older converters
/// write for float tensors) carries no parameters; a scale without a zero point, or vectors of
/// different lengths, are errors. One scale is per-tensor whatever <c>quantized_dimension</c> says;
/// several are per-axis along it (axis 0 for rank-1 tensors, whatever older converters wrote). Parameters on float and bool tensors are ignored: those tensors
/// hold real values, not quantized ones.
/// </remarks>
internal static class TfliteQuantizationReader
{
    /// <summary>The tensor's quantization parameters, or null when it has none.</summary>
    /// <param name="ctx">The import.</param>
    /// <param name="tensor">The TFLite tensor.</param>
    /// <param name="name">The tensor's name in the graph, used in error messages.</param>
    /// <param name="type">The tensor's element type.</param>
    /// <param name="shape">The tensor's shape, or null when its rank is unknown.</param>
    /// <exception cref="QuantizationParameterException">The parameters are inconsistent or invalid for the tensor.</exception>
    /// <exception cref="UnsupportedException">The tensor uses a quantization scheme Quanta does not know (custom, blockwise).</exception>
    public static QuantParams? Read(TfliteReadContext ctx, tflite.Tensor tensor, string name, DataType type, Shape? shape)
    {
        if (tensor.Quantization is not { } q) return null;
        if (q.DetailsType != tflite.QuantizationDetails.NONE)
            throw new UnsupportedException($"tensor '{name}': {q.DetailsType} quantization is not supported");

        var scaleBytes = ctx.VectorBytes(q.GetScaleBytes(), q.ScaleLength, sizeof(float), $"the scales of tensor '{name}'");
        var zeroPointBytes = ctx.VectorBytes(q.GetZeroPointBytes(), q.ZeroPointLength, sizeof(long), $"the zero points of tensor '{name}'");
        if (scaleBytes.IsEmpty) return null;
        float[] scales = MemoryMarshal.Cast<byte, float>(scaleBytes).ToArray();
        ReadOnlySpan<long> zeroPoints64 = MemoryMarshal.Cast<byte, long>(zeroPointBytes);
        if (zeroPoints64.Length != scales.Length)
            throw new QuantizationParameterException(name, $"{scales.Length} scales but {zeroPoints64.Length} zero points");
        var zeroPoints = new int[zeroPoints64.Length];
        for (int i = 0; i < zeroPoints.Length; i++)
        {
            long z = zeroPoints64[i];
            if (z < int.MinValue || z > int.MaxValue)
                throw new QuantizationParameterException(name, $"zero point {z} does not fit in 32 bits");
            zeroPoints[i] = (int)z;
        }
        if (!type.IsInteger()) return null;

        QuantParams quant;
        if (scales.Length == 1)
        {
            quant = new QuantParams(scales[0], zeroPoints[0]);
        }
        else
        {
            int axis = q.QuantizedDimension;
            // TOCO copied the weights' quantized dimension onto per-channel biases (e.g. 3 for a
            // depthwise bias of shape [C]: person_detect.tflite). A rank-1 tensor with one scale per
            // element can only be quantized along axis 0; TFLite Micro reads it so.
            if (shape is { Rank: 1 } && axis != 0 && shape[0] == scales.Length) axis = 0;
            if (shape is not null && (axis < 0 || axis >= shape.Rank))
                throw new QuantizationParameterException(name, $"quantized dimension {axis} is outside a tensor of rank {shape.Rank}");
            if (shape is not null && shape[axis] != Shape.Unknown && shape[axis] != scales.Length)
                throw new QuantizationParameterException(name, $"{scales.Length} scales for dimension {axis} of size {shape[axis]}");
            quant = new QuantParams(scales, zeroPoints, axis);
        }
        quant.Validate(name, type, shape);
        return quant;
    }
}
