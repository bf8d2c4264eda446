using System.Numerics.Tensors;

namespace Quanta.Kernels;

/// <summary>
/// Mean of an NHWC tensor over H and W (TFLite MEAN over axes [1, 2], ONNX GlobalAveragePool after
/// lowering): per image, the H·W pixel rows summed in order into the output row with
/// <see cref="TensorPrimitives"/>, then scaled by 1 / (H·W).
/// </summary>
public static class F32GlobalMean
{
    /// <summary>Computes <c>y[n, c] = (Σ_p x[n, p, c]) / pixels</c>.</summary>
    /// <param name="batch">Images.</param>
    /// <param name="pixels">H·W.</param>
    /// <param name="channels">C.</param>
    /// <param name="input">[batch, pixels, channels].</param>
    /// <param name="output">[batch, channels].</param>
    public static void Run(int batch, int pixels, int channels, ReadOnlySpan<float> input, Span<float> output)
    {
        for (int n = 0; n < batch; n++)
        {
            var y = output.Slice(n * channels, channels);
            var x = input.Slice(n * pixels * channels, pixels * channels);
            x[..channels].CopyTo(y);
            for (int p = 1; p < pixels; p++) TensorPrimitives.Add(y, x.Slice(p * channels, channels), y);
            TensorPrimitives.Multiply(y, 1f / pixels, y);
        }
    }
}
