namespace Quanta.Core;

/// <summary>Which axes a reduction (ONNX Reduce*, TFLite MEAN/SUM/REDUCE_*) removes, and its output shape.</summary>
public static class ReduceRule
{
    /// <summary>Per axis of a rank-<paramref name="rank"/> input, whether it is reduced; null when
    /// the op is the identity (no axes and ONNX's noop_with_empty_axes).</summary>
    /// <param name="node">The node, for messages.</param>
    /// <param name="rank">The input rank.</param>
    /// <param name="axes">The axes (may repeat, as TFLite allows; may count from the end), or null/empty for all.</param>
    /// <param name="noopWithEmptyAxes">ONNX: no axes means identity rather than reduce-all.</param>
    /// <exception cref="GraphValidationException">An axis is out of range.</exception>
    public static bool[]? Reduced(Node node, int rank, IReadOnlyList<long>? axes, bool noopWithEmptyAxes)
    {
        var reduced = new bool[rank];
        if (axes is null || axes.Count == 0)
        {
            if (noopWithEmptyAxes) return null;
            Array.Fill(reduced, true);
            return reduced;
        }
        foreach (long a in axes) reduced[TensorArgs.Axis(node, a, rank, "reduction axis")] = true;
        return reduced;
    }

    /// <summary>The shape after reducing: reduced axes become 1 (keepdims) or disappear.</summary>
    public static Shape OutputShape(Shape input, bool[] reduced, bool keepDims)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(reduced);
        var dims = new List<int>(input.Rank);
        for (int a = 0; a < input.Rank; a++)
        {
            if (!reduced[a]) dims.Add(input[a]);
            else if (keepDims) dims.Add(1);
        }
        return new Shape(dims.ToArray());
    }
}
