using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

// Float SIMD kernels (src/Quanta.Kernels/Optimized), each written once over IFloatVector and
// registered for AVX2 (Avx2Floats, 8 lanes + FMA) and Vector128 (Vector128Floats, 4 lanes); the
// convolutions, pooling, element-wise ops and the input interleave also for AVX-512
// (Avx512Floats, 16 lanes), which on Zen 4 issues half the instructions per multiply-add and
// reaches the FMA peak that the AVX2 tile misses. Other ops have no 512-bit entry and run their
// AVX2 kernel on AVX-512 machines (the registry falls back).
// A node an optimized binding does not cover runs its reference kernel (OrReference).
public static partial class KernelTable
{
    private static void AddOptimizedFloat(KernelRegistry r)
    {
        AddOptimizedFloat<Avx2Floats>(r, Isa.Avx2, "avx2", "6x16", "16");
        AddOptimizedFloat<Vector128Floats>(r, Isa.Vector128, "vector128", "6x8", "8");
        r.Add(new KernelEntry(OpDomains.Tflite, "CONV_2D", DataType.Float32, Isa.Avx512, "f32-conv-minmax-8x32-avx512",
            OptimizedFloatBinding.OrReference(r, OpDomains.Tflite, "CONV_2D", WidestTile(OptimizedConvKernels.TryCreate<Avx512Floats>, OptimizedConvKernels.TryCreate<Avx2Floats>, "f32-conv-minmax-6x16-avx2"))));
        r.Add(new KernelEntry(OpDomains.Tflite, "DEPTHWISE_CONV_2D", DataType.Float32, Isa.Avx512, "f32-dwconv-minmax-16c-avx2",
            OptimizedFloatBinding.OrReference(r, OpDomains.Tflite, "DEPTHWISE_CONV_2D", c =>
                OptimizedConvKernels.TryCreateDepthwise3x3<Avx512Floats>(c) is { } direct
                    ? OptimizedFloatBinding.Named(direct, "f32-dwconv3x3-minmax-16c-avx512")
                    : OptimizedConvKernels.TryCreate<Avx2Floats>(c))));
        foreach (var (op, name) in new[] { ("MAX_POOL_2D", "f32-maxpool-minmax-avx512"), ("AVERAGE_POOL_2D", "f32-avgpool-minmax-avx512") })
            r.Add(new KernelEntry(OpDomains.Tflite, op, DataType.Float32, Isa.Avx512, name, OptimizedFloatBinding.OrReference(r, OpDomains.Tflite, op, OptimizedPoolKernels.TryCreatePool<Avx512Floats>)));
        foreach (var (domain, op, name) in new[] { (OpDomains.Tflite, "ADD", "f32-vadd-minmax"), (OpDomains.Tflite, "MUL", "f32-vmul-minmax"), (OpDomains.Onnx, "Add", "f32-vadd"), (OpDomains.Onnx, "Mul", "f32-vmul") })
        {
            Func<KernelContext, IKernel?> create = op is "ADD" or "Add" ? OptimizedBinaryKernel<Avx512Floats, F32AddOp<Avx512Floats>>.TryCreate : OptimizedBinaryKernel<Avx512Floats, F32MulOp<Avx512Floats>>.TryCreate;
            r.Add(new KernelEntry(domain, op, DataType.Float32, Isa.Avx512, $"{name}-avx512", OptimizedFloatBinding.OrReference(r, domain, op, create)));
        }
        r.Add(new KernelEntry(OpDomains.Onnx, "Transpose", DataType.Float32, Isa.Avx512, "x32-transposec-avx2",
            OptimizedFloatBinding.OrReference(r, OpDomains.Onnx, "Transpose", c =>
                OptimizedTransposeKernel.TryCreateInterleave3(c) is { } interleave
                    ? OptimizedFloatBinding.Named(interleave, "x32-interleave3-avx512")
                    : OptimizedTransposeKernel.TryCreate(c))));
        r.Add(new KernelEntry(OpDomains.Tflite, "FULLY_CONNECTED", DataType.Float32, Isa.Avx512, "f32-fullyconnected-minmax-6x32-avx512",
            OptimizedFloatBinding.OrReference(r, OpDomains.Tflite, "FULLY_CONNECTED", WidestTile(OptimizedFullyConnectedKernel.TryCreate<Avx512Floats>, OptimizedFullyConnectedKernel.TryCreate<Avx2Floats>, "f32-fullyconnected-minmax-6x16-avx2"))));
    }

    /// <summary>The 512-bit GEMM tile (32 columns, or 16 in a last half panel) unless the 256-bit
    /// one computes fewer padding columns for this node's output channels (24 channels: 16 + 8
    /// rather than 32).</summary>
    private static Func<KernelContext, IKernel?> WidestTile(Func<KernelContext, IKernel?> wide, Func<KernelContext, IKernel?> narrow, string narrowName) => c =>
    {
        var w = c.InputShape(1);
        int outputs = w[0];
        return OptimizedFloatBinding.PaddedColumns(outputs, 32) <= OptimizedFloatBinding.PaddedColumns(outputs, 16)
            ? wide(c)
            : narrow(c) is { } kernel ? OptimizedFloatBinding.Named(kernel, narrowName) : null;
    };

    /// <summary>The direct 3×3 depthwise kernel (reported as <paramref name="name3x3"/>) where it
    /// covers the node, else the indirection-buffer kernel over any window.</summary>
    private static Func<KernelContext, IKernel?> Depthwise<TVector>(string name3x3) where TVector : struct, IFloatVector<TVector> => c =>
        OptimizedConvKernels.TryCreateDepthwise3x3<TVector>(c) is { } direct
            ? OptimizedFloatBinding.Named(direct, name3x3)
            : OptimizedConvKernels.TryCreate<TVector>(c);

    private static void AddOptimizedFloat<TVector>(KernelRegistry r, Isa isa, string isaName, string tile, string channels)
        where TVector : struct, IFloatVector<TVector>
    {
        const string Tflite = OpDomains.Tflite, Onnx = OpDomains.Onnx;
        const DataType F32 = DataType.Float32;
        void Add(string domain, string op, string name, Func<KernelContext, IKernel?> create) =>
            r.Add(new KernelEntry(domain, op, F32, isa, $"{name}-{isaName}", OptimizedFloatBinding.OrReference(r, domain, op, create)));

        Add(Tflite, "CONV_2D", $"f32-conv-minmax-{tile}", OptimizedConvKernels.TryCreate<TVector>);
        Add(Tflite, "DEPTHWISE_CONV_2D", $"f32-dwconv-minmax-{channels}c", Depthwise<TVector>($"f32-dwconv3x3-minmax-{TVector.Count}c-{isaName}"));
        Add(Tflite, "FULLY_CONNECTED", $"f32-fullyconnected-minmax-{tile}", OptimizedFullyConnectedKernel.TryCreate<TVector>);
        Add(Tflite, "MAX_POOL_2D", "f32-maxpool-minmax", OptimizedPoolKernels.TryCreatePool<TVector>);
        Add(Tflite, "AVERAGE_POOL_2D", "f32-avgpool-minmax", OptimizedPoolKernels.TryCreatePool<TVector>);
        Add(Tflite, "MEAN", "f32-globalmean", OptimizedPoolKernels.TryCreateMean);
        Add(Tflite, "ADD", "f32-vadd-minmax", OptimizedBinaryKernel<TVector, F32AddOp<TVector>>.TryCreate);
        Add(Tflite, "MUL", "f32-vmul-minmax", OptimizedBinaryKernel<TVector, F32MulOp<TVector>>.TryCreate);
        Add(Onnx, "Add", "f32-vadd", OptimizedBinaryKernel<TVector, F32AddOp<TVector>>.TryCreate);
        Add(Onnx, "Mul", "f32-vmul", OptimizedBinaryKernel<TVector, F32MulOp<TVector>>.TryCreate);
        Add(Onnx, "Transpose", "x32-transposec", OptimizedTransposeKernel.TryCreate);
    }
}
