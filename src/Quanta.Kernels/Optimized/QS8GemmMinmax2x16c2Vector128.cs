using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-gemm-minmax 2×16c2 with 128-bit vectors (SSE2/SSE4.1 on x86 without AVX2; portable
/// elsewhere): the <see cref="QS8GemmMinmax4x16c2Avx2"/> scheme on 4-lane vectors, 2 rows × 4
/// accumulators so that accumulators, weights and the broadcast fit 16 registers.
/// </summary>
public readonly unsafe struct QS8GemmMinmax2x16c2Vector128 : IQS8GemmMicrokernel
{
    /// <inheritdoc/>
    public static int MR => 2;

    /// <inheritdoc/>
    public static bool WideParams => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRequant>(int rows, int columns, int kPairs, short* a, nint aStride, short* w, int* p, int blockInts,
        sbyte* c, nint cStride, in QS8OutputParams output) where TRequant : IQS8Requantization
    {
        int* p1 = p + blockInts;
        var acc00 = Vector128.Load(p);
        var acc01 = Vector128.Load(p + 4);
        var acc02 = Vector128.Load(p1);
        var acc03 = Vector128.Load(p1 + 4);
        var acc10 = acc00;
        var acc11 = acc01;
        var acc12 = acc02;
        var acc13 = acc03;
        int* a0 = (int*)a, a1 = (int*)(a + aStride);
        for (nint t = 0; t < kPairs; t++)
        {
            var b0 = Vector128.Load(w);
            var b1 = Vector128.Load(w + 8);
            var b2 = Vector128.Load(w + 16);
            var b3 = Vector128.Load(w + 24);
            w += 32;
            var x = Vector128.Create(a0[t]).AsInt16();
            acc00 += QS8Vector128.MultiplyAddAdjacent(x, b0);
            acc01 += QS8Vector128.MultiplyAddAdjacent(x, b1);
            acc02 += QS8Vector128.MultiplyAddAdjacent(x, b2);
            acc03 += QS8Vector128.MultiplyAddAdjacent(x, b3);
            x = Vector128.Create(a1[t]).AsInt16();
            acc10 += QS8Vector128.MultiplyAddAdjacent(x, b0);
            acc11 += QS8Vector128.MultiplyAddAdjacent(x, b1);
            acc12 += QS8Vector128.MultiplyAddAdjacent(x, b2);
            acc13 += QS8Vector128.MultiplyAddAdjacent(x, b3);
        }

        var row0 = QS8Vector128.PackClamp(
            TRequant.Apply(acc00, p, 0, output), TRequant.Apply(acc01, p, 4, output),
            TRequant.Apply(acc02, p1, 0, output), TRequant.Apply(acc03, p1, 4, output), output.Min, output.Max);
        var row1 = QS8Vector128.PackClamp(
            TRequant.Apply(acc10, p, 0, output), TRequant.Apply(acc11, p, 4, output),
            TRequant.Apply(acc12, p1, 0, output), TRequant.Apply(acc13, p1, 4, output), output.Min, output.Max);
        if (columns == 16)
        {
            row0.Store(c);
            if (rows > 1) row1.Store(c + cStride);
            return;
        }
        sbyte* tile = stackalloc sbyte[32];
        row0.Store(tile);
        row1.Store(tile + 16);
        for (int r = 0; r < rows; r++)
            new ReadOnlySpan<sbyte>(tile + 16 * r, columns).CopyTo(new Span<sbyte>(c + r * cStride, columns));
    }
}
