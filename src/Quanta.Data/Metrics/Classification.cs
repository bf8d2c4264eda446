using System.Runtime.InteropServices;
using Quanta.Core;

namespace Quanta.Data.Metrics;

/// <summary>Classification helpers over score (logit or probability) tensors.</summary>
public static class Classification
{
    /// <summary>The index of the largest score; ties go to the lowest index, NaN never wins
    /// (an all-NaN row gives 0).</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        float bestValue = float.NaN;
        for (int i = 0; i < scores.Length; i++)
        {
            // Strictly greater: an equal later score does not replace an earlier one.
            if (scores[i] > bestValue || (float.IsNaN(bestValue) && !float.IsNaN(scores[i])))
            {
                best = i;
                bestValue = scores[i];
            }
        }
        return best;
    }

    /// <summary>The arg-max of each row of a <c>[N, C]</c> (or <c>[C]</c>) score tensor of any
    /// numeric type. A quantized row's order is its integers' order (scale &gt; 0), so integers are
    /// compared directly.</summary>
    /// <exception cref="ArgumentException">The tensor is not rank 1 or 2, or has no classes.</exception>
    public static int[] ArgMaxRows(Tensor scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Shape.Rank is not (1 or 2) || scores.Shape[^1] == 0)
            throw new ArgumentException($"scores must be [N, classes] or [classes], got {scores}", nameof(scores));
        int classes = scores.Shape[^1];
        int rows = (int)(scores.ElementCount / classes);
        var result = new int[rows];
        if (scores.Type == DataType.Float32)
        {
            var all = MemoryMarshal.Cast<byte, float>(scores.Bytes);
            for (int r = 0; r < rows; r++) result[r] = ArgMax(all.Slice(r * classes, classes));
            return result;
        }
        var row = new float[classes];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < classes; c++) row[c] = (float)scores.GetDouble(((long)r * classes) + c);
            result[r] = ArgMax(row);
        }
        return result;
    }

    /// <summary>The indices of the <paramref name="k"/> largest scores, largest first; ties keep the
    /// lower index first, NaN scores come last.</summary>
    public static int[] TopK(ReadOnlySpan<float> scores, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var values = scores.ToArray();
        var order = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            float x = values[a], y = values[b];
            if (float.IsNaN(x) != float.IsNaN(y)) return float.IsNaN(x) ? 1 : -1;
            int c = float.IsNaN(x) ? 0 : y.CompareTo(x);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order.Take(Math.Min(k, order.Length)).ToArray();
    }
}
