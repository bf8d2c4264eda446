using Quanta.Core;

namespace Quanta.Data.TensorFiles;

/// <summary>Fits a flat list of elements read from a file to the shape it must fill.</summary>
internal static class ShapeResolver
{
    /// <summary>
    /// The concrete shape for <paramref name="count"/> elements: <paramref name="shape"/> itself when
    /// fully known (the count must match), or with its one unknown dimension (a dynamic batch)
    /// solved from the count.
    /// </summary>
    /// <exception cref="DataFormatException">The count does not fit, or several dimensions are unknown.</exception>
    public static Shape Resolve(Shape shape, long count, string source, string unit = "values")
    {
        ArgumentNullException.ThrowIfNull(shape);
        var dims = shape.ToArray();
        int unknown = Array.IndexOf(dims, Shape.Unknown);
        if (unknown < 0)
        {
            if (shape.ElementCount != count)
                throw new DataFormatException(source, $"has {count} {unit}, but shape {shape} needs {shape.ElementCount}");
            return shape;
        }
        if (Array.LastIndexOf(dims, Shape.Unknown) != unknown)
            throw new DataFormatException(source, $"shape {shape} has several unknown dimensions, which a flat file cannot fix; give the tensor as .npy");
        long known = 1;
        foreach (int d in dims) known *= d == Shape.Unknown ? 1 : d;
        if (known == 0 || count % known != 0 || count == 0)
            throw new DataFormatException(source, $"has {count} {unit}, which is not a positive multiple of the {known} that shape {shape} needs per step of its unknown dimension");
        dims[unknown] = checked((int)(count / known));
        return new Shape(dims);
    }
}
