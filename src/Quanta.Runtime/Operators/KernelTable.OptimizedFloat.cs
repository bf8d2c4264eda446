using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

// Float SIMD kernels (src/Quanta.Kernels/Optimized), each written once over IFloatVector and
// registered for AVX2 (Avx2Floats, 8 lanes + FMA) and Vector128 (Vector128Floats, 4 lanes).
// A node an optimized binding does not cover runs its reference kernel (OrReference).
public static partial class KernelTable
{
    private static void AddOptimizedFloat(KernelRegistry r)
    {
        AddOptimizedFloat<Avx2Floats>(r, Isa.Avx2, "avx2", "6x16", "16");
        AddOptimizedFloat<Vector128Floats>(r, Isa.Vector128, "vector128", "6x8", "8");
    }

    private static void AddOptimizedFloat<TVector>(KernelRegistry r, Isa isa, string isaName, string tile, string channels)
        where TVector : struct, IFloatVector<TVector>
    {
        const string Tflite = OpDomains.Tflite, Onnx = OpDomains.Onnx;
        const DataType F32 = DataType.Float32;
        void Add(string domain, string op, string name, Func<KernelContext, IKernel?> create) =>
            r.Add(new KernelEntry(domain, op, F32, isa, $"{name}-{isaName}", OptimizedFloatBinding.OrReference(r, domain, op, create)));

        Add(Tflite, "CONV_2D", $"f32-conv-minmax-{tile}", OptimizedConvKernels.TryCreate<TVector>);
        Add(Tflite, "DEPTHWISE_CONV_2D", $"f32-dwconv-minmax-{channels}c", OptimizedConvKernels.TryCreate<TVector>);
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
