namespace Quanta.Kernels;

/// <summary>A reduction written once as a struct (ONNX Reduce*, TFLite MEAN/SUM/REDUCE_*):
/// an initial accumulator, a step, and a finish that sees the number of reduced elements.</summary>
public interface IReducer
{
    /// <summary>The accumulator before any element (the reduction of an empty set).</summary>
    static abstract double Initial { get; }

    /// <summary>Folds one element into the accumulator.</summary>
    static abstract double Accumulate(double acc, float x);

    /// <summary>The result from the accumulator and the count of reduced elements.</summary>
    static abstract float Finish(double acc, long count);
}

/// <summary>Reference float reductions over precomputed offsets.</summary>
/// <remarks>
/// The caller (the runtime binding) precomputes, once per plan, the input offset of each output
/// element's first reduced element and the relative offsets of the reduced elements, so a run
/// is two nested loops over any set of axes. Accumulation is in double (sums of long axes).
/// </remarks>
public static class ReduceReference
{
    /// <summary>y[o] = Finish(fold(x[outer[o] + inner[k]] for every k)).</summary>
    public static void Reduce<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<long> outerOffsets, ReadOnlySpan<long> innerOffsets, Span<float> y)
        where TOp : IReducer
    {
        for (int o = 0; o < outerOffsets.Length; o++)
        {
            double acc = TOp.Initial;
            long start = outerOffsets[o];
            foreach (long k in innerOffsets) acc = TOp.Accumulate(acc, x[(int)(start + k)]);
            y[o] = TOp.Finish(acc, innerOffsets.Length);
        }
    }

    /// <summary>
    /// The offsets a reduction of a dense tensor of shape <paramref name="dims"/> walks: for each
    /// output element (kept axes in row-major order), the input offset of its first reduced
    /// element; and the offsets of the reduced elements relative to it.
    /// </summary>
    public static (long[] Outer, long[] Inner) Offsets(ReadOnlySpan<int> dims, ReadOnlySpan<bool> reduced)
    {
        var strides = AxisMapCopy.DenseStrides(dims);
        var kept = new List<int>();
        var gone = new List<int>();
        for (int a = 0; a < dims.Length; a++) (reduced[a] ? gone : kept).Add(a);
        return (Walk(dims, strides, kept), Walk(dims, strides, gone));
    }

    // Offsets of every coordinate over the given axes, row-major.
    private static long[] Walk(ReadOnlySpan<int> dims, long[] strides, List<int> axes)
    {
        long count = 1;
        foreach (int a in axes) count *= dims[a];
        var offsets = new long[count];
        var index = new int[axes.Count];
        long offset = 0;
        for (long e = 0; e < count; e++)
        {
            offsets[e] = offset;
            for (int k = axes.Count - 1; k >= 0; k--)
            {
                int a = axes[k];
                offset += strides[a];
                if (++index[k] < dims[a]) break;
                offset -= strides[a] * dims[a];
                index[k] = 0;
            }
        }
        return offsets;
    }

    /// <summary>y[o] = log Σ exp x, computed as max + log Σ exp(x − max) so that large inputs do not overflow.</summary>
    public static void LogSumExp(ReadOnlySpan<float> x, ReadOnlySpan<long> outerOffsets, ReadOnlySpan<long> innerOffsets, Span<float> y)
    {
        for (int o = 0; o < outerOffsets.Length; o++)
        {
            long start = outerOffsets[o];
            float max = float.NegativeInfinity;
            foreach (long k in innerOffsets) max = MathF.Max(max, x[(int)(start + k)]);
            if (float.IsInfinity(max))
            {
                y[o] = max; // empty set or an infinite element: the sum is dominated by it
                continue;
            }
            double sum = 0;
            foreach (long k in innerOffsets) sum += Math.Exp(x[(int)(start + k)] - max);
            y[o] = (float)(max + Math.Log(sum));
        }
    }
}

/// <summary>Σ x.</summary>
public readonly struct SumReducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => 0;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => acc + x;
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)acc;
}

/// <summary>Σ x / n (NaN for an empty set, as 0/0).</summary>
public readonly struct MeanReducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => 0;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => acc + x;
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)(acc / count);
}

/// <summary>max x (−∞ for an empty set; NaN propagates).</summary>
public readonly struct MaxReducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => double.NegativeInfinity;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => Math.Max(acc, x);
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)acc;
}

/// <summary>min x (+∞ for an empty set; NaN propagates).</summary>
public readonly struct MinReducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => double.PositiveInfinity;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => Math.Min(acc, x);
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)acc;
}

/// <summary>Π x.</summary>
public readonly struct ProdReducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => 1;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => acc * x;
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)acc;
}

/// <summary>Σ |x|.</summary>
public readonly struct L1Reducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => 0;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => acc + Math.Abs(x);
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)acc;
}

/// <summary>√Σ x².</summary>
public readonly struct L2Reducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => 0;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => acc + (double)x * x;
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)Math.Sqrt(acc);
}

/// <summary>Σ x².</summary>
public readonly struct SumSquareReducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => 0;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => acc + (double)x * x;
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)acc;
}

/// <summary>log Σ x (ONNX ReduceLogSum).</summary>
public readonly struct LogSumReducer : IReducer
{
    /// <inheritdoc/>
    public static double Initial => 0;
    /// <inheritdoc/>
    public static double Accumulate(double acc, float x) => acc + x;
    /// <inheritdoc/>
    public static float Finish(double acc, long count) => (float)Math.Log(acc);
}
