using System.Numerics;

namespace Quanta.Kernels;

/// <summary>Index of the largest or smallest element along one axis of a tensor seen as
/// <c>[outer, axis, inner]</c> (ONNX ArgMax/ArgMin, TFLite ARG_MAX/ARG_MIN), for any numeric type.</summary>
/// <remarks>Ties go to the first index, or to the last with <c>selectLastIndex</c> (ONNX's
/// select_last_index). A NaN wins, as in numpy's argmax/argmin (which ONNX's reference uses):
/// the first NaN's index is returned.</remarks>
public static class ArgMinMaxReference
{
    /// <summary>Writes, for each (outer, inner) pair, the axis index of the extreme element.</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">The output indices, <c>outer × inner</c> of them.</param>
    /// <param name="outer">Product of the dimensions before the axis.</param>
    /// <param name="axis">Size of the axis (at least 1).</param>
    /// <param name="inner">Product of the dimensions after the axis.</param>
    /// <param name="max">True for argmax, false for argmin.</param>
    /// <param name="selectLastIndex">On ties, take the last index instead of the first.</param>
    public static void ArgMinMax<T, TIndex>(ReadOnlySpan<T> x, Span<TIndex> y, int outer, int axis, int inner, bool max, bool selectLastIndex)
        where T : INumberBase<T>, IComparisonOperators<T, T, bool>
        where TIndex : IBinaryInteger<TIndex>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * axis * inner + i;
                int best = 0;
                T bestValue = x[start];
                for (int k = 1; k < axis && !T.IsNaN(bestValue); k++)
                {
                    T v = x[start + k * inner];
                    bool better = T.IsNaN(v) || (max ? v > bestValue : v < bestValue) || (selectLastIndex && v == bestValue);
                    if (better)
                    {
                        best = k;
                        bestValue = v;
                    }
                }
                y[o * inner + i] = TIndex.CreateTruncating(best);
            }
        }
    }
}
