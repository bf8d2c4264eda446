using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds float ONNX Transpose to <see cref="X32Transpose"/> when the permutation is a batch of
/// 2-D transposes (NCHW ⇄ NHWC at the model boundary); other permutations run the reference.
/// Three planes into pixels (an RGB input to NHWC) can take <see cref="F32Interleave3"/> instead.
/// </summary>
internal static class OptimizedTransposeKernel
{
    /// <summary>The kernel for a Transpose node, or null.</summary>
    public static IKernel? TryCreate(KernelContext context)
    {
        if (context.Input(0).Type != DataType.Float32) return null;
        var x = context.InputShape(0);
        var perm = TransposeSchema.Permutation(context.Node, context.Attributes.GetInts("perm"), x.Rank);
        if (X32Transpose.AsBatchedMatrix(x.Dims, perm) is not var (batch, rows, columns)) return null;
        return new OptimizedConvKernels.Kernel((i, o) => X32Transpose.Run(batch, rows, columns, i, o));
    }

    /// <summary>The AVX-512 interleave for a [N, 3, P] → [N, P, 3] transpose, or null.</summary>
    public static IKernel? TryCreateInterleave3(KernelContext context)
    {
        if (!F32Interleave3.IsVectorized || context.Input(0).Type != DataType.Float32) return null;
        var x = context.InputShape(0);
        var perm = TransposeSchema.Permutation(context.Node, context.Attributes.GetInts("perm"), x.Rank);
        if (X32Transpose.AsBatchedMatrix(x.Dims, perm) is not (var batch, 3, var pixels)) return null;
        return new OptimizedConvKernels.Kernel((i, o) => F32Interleave3.Run(batch, pixels, i, o));
    }
}
