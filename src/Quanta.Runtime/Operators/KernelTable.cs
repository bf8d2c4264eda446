namespace Quanta.Runtime;

/// <summary>
/// The explicit table of every kernel Quanta ships. Each group of ops registers its kernels in its
/// own <c>KernelTable.*.cs</c> file, so the table is read, not discovered by reflection.
/// </summary>
public static partial class KernelTable
{
    /// <summary>Builds a registry holding every kernel.</summary>
    public static KernelRegistry Build()
    {
        var r = new KernelRegistry();
        AddElementwise(r);
        AddTensorOps(r);
        AddNeuralNet(r);
        AddQuantized(r);
        AddOptimized(r);
        AddOptimizedInt8(r);
        return r;
    }

    // Each group (ONNX and TFLite ops alike) lives in its own KernelTable.<Group>.cs file, with
    // the same groups as OpSchemas; a group not written yet adds nothing.
    /// <summary>Element-wise arithmetic and activations.</summary>
    static partial void AddElementwise(KernelRegistry r);
    /// <summary>Data movement, shape ops, reductions, softmax.</summary>
    static partial void AddTensorOps(KernelRegistry r);
    /// <summary>Convolution, pooling, GEMM, normalization, resize.</summary>
    static partial void AddNeuralNet(KernelRegistry r);
    /// <summary>Integer (quantized) reference kernels, quantize/dequantize.</summary>
    static partial void AddQuantized(KernelRegistry r);
    /// <summary>SIMD kernels (AVX2, Vector128).</summary>
    static partial void AddOptimized(KernelRegistry r);
    /// <summary>SIMD int8 kernels for the tflite domain (AVX2, Vector128).</summary>
    static partial void AddOptimizedInt8(KernelRegistry r);
}
