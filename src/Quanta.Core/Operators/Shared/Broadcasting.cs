namespace Quanta.Core;

/// <summary>Numpy-style multidirectional broadcasting of shapes (ONNX and TFLite agree on it).</summary>
public static class Broadcasting
{
    /// <summary>
    /// The broadcast shape of <paramref name="shapes"/>: ranks are right-aligned, and each dimension
    /// is the common size, where a size of 1 stretches. Unknown dimensions stay unknown unless
    /// another operand fixes them.
    /// </summary>
    /// <returns>The broadcast shape, or null when some rank is unknown.</returns>
    /// <exception cref="GraphValidationException">Two known sizes differ and neither is 1.</exception>
    public static Shape? Broadcast(params Shape?[] shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (Array.Exists(shapes, s => s is null)) return null;
        int rank = shapes.Max(s => s!.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int result = 1;
            bool unknown = false;
            foreach (var s in shapes)
            {
                int j = i - (rank - s!.Rank);
                if (j < 0) continue;
                int d = s[j];
                if (d == Shape.Unknown) { unknown = true; continue; }
                if (d == 1) continue;
                if (result != 1 && result != d)
                    throw new GraphValidationException($"shapes {string.Join(" and ", shapes.Select(x => x!.ToString()))} cannot be broadcast (axis {i}: {result} vs {d})");
                result = d;
            }
            dims[i] = unknown && result == 1 ? Shape.Unknown : result;
        }
        return new Shape(dims);
    }
}
