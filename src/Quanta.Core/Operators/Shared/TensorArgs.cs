namespace Quanta.Core;

/// <summary>
/// Reads the small integer tensors that parameterize data-movement ops (shapes, axes, starts,
/// pads, repeats) and checks axes, with errors that name the node. Shared by the schemas and the
/// runtime bindings, so both read a parameter the same way.
/// </summary>
public static class TensorArgs
{
    /// <summary>"Reshape 'node_3'", the prefix of every message about <paramref name="node"/>.</summary>
    public static string Where(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return $"{node.OpType} '{node.Name}'";
    }

    /// <summary>An error naming <paramref name="node"/>.</summary>
    public static GraphValidationException Invalid(Node node, string message) => new($"{Where(node)}: {message}");

    /// <summary>The elements of an integer tensor parameter as longs, or null when it is not known.</summary>
    /// <param name="node">The node, for messages.</param>
    /// <param name="tensor">The parameter's contents, or null when unknown.</param>
    /// <param name="what">The parameter's name, for messages (e.g. "shape", "axes").</param>
    /// <exception cref="GraphValidationException">The tensor is not of an integer type.</exception>
    public static long[]? Ints(Node node, Tensor? tensor, string what)
    {
        if (tensor is null) return null;
        if (!tensor.Type.IsInteger())
            throw Invalid(node, $"{what} must be an integer tensor, but is {tensor.Type}");
        return tensor.ToInt64Array();
    }

    /// <summary>A single integer (scalar or one-element tensor), or null when unknown.</summary>
    /// <exception cref="GraphValidationException">Not an integer tensor of one element.</exception>
    public static long? Int(Node node, Tensor? tensor, string what)
    {
        var values = Ints(node, tensor, what);
        if (values is null) return null;
        if (values.Length != 1) throw Invalid(node, $"{what} must hold one value, but holds {values.Length}");
        return values[0];
    }

    /// <summary>Normalizes an axis that may count from the end into [0, rank).</summary>
    /// <exception cref="GraphValidationException">The axis is outside [−rank, rank).</exception>
    public static int Axis(Node node, long axis, int rank, string what = "axis")
    {
        if (axis < -rank || axis >= rank)
            throw Invalid(node, $"{what} {axis} is outside [{-rank}, {rank}) for a tensor of rank {rank}");
        return (int)(axis < 0 ? axis + rank : axis);
    }

    /// <summary>Normalizes a list of distinct axes into [0, rank).</summary>
    /// <exception cref="GraphValidationException">An axis is out of range or repeated.</exception>
    public static int[] Axes(Node node, IReadOnlyList<long> axes, int rank, string what = "axes")
    {
        ArgumentNullException.ThrowIfNull(axes);
        var result = new int[axes.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Axis(node, axes[i], rank, what);
            if (Array.IndexOf(result, result[i], 0, i) >= 0)
                throw Invalid(node, $"{what} [{string.Join(",", axes)}] repeat axis {result[i]}");
        }
        return result;
    }

    /// <summary>Product of <paramref name="dims"/>[from..to), or −1 when one of them is unknown.</summary>
    public static long Product(IReadOnlyList<int> dims, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long p = 1;
        for (int i = from; i < to; i++)
        {
            if (dims[i] == Shape.Unknown) return Shape.Unknown;
            p = checked(p * dims[i]);
        }
        return p;
    }

    /// <summary>A dimension as an int, checking that it fits.</summary>
    /// <exception cref="GraphValidationException">It is negative (other than unknown) or too large.</exception>
    public static int Dim(Node node, long value, string what)
    {
        if (value < Shape.Unknown || value > int.MaxValue)
            throw Invalid(node, $"{what} {value} is not a valid dimension");
        return (int)value;
    }

    /// <summary>Per-tensor quantization passes through data movement unchanged; per-axis parameters
    /// only where the caller knows the axis did not move (null otherwise).</summary>
    public static QuantParams? PerTensorQuant(ValueInfo input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Quant is { IsPerAxis: false } q ? q : null;
    }
}
