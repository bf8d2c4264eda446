using System.Runtime.InteropServices;

namespace Quanta.Core;

/// <summary>
/// A dense, row-major tensor: an element type, a fully known shape, optional quantization
/// parameters and a span of bytes it does not necessarily own.
/// </summary>
/// <remarks>
/// A tensor made by <see cref="Zeros"/> or <see cref="FromArray{T}"/> owns a fresh byte array. The
/// runtime also makes tensors that are views into its arena (<see cref="View"/>); such a view is
/// valid while the session that made it lives, and is overwritten by the next run. Element data is
/// little-endian, as on every platform .NET runs on here.
/// </remarks>
public sealed class Tensor
{
    /// <summary>Creates a tensor over existing memory (no copy).</summary>
    /// <exception cref="ArgumentException">The shape has an unknown dimension, or the memory's length
    /// is not the shape's element count times the element size.</exception>
    public Tensor(DataType type, Shape shape, Memory<byte> memory, QuantParams? quant = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!shape.IsFullyKnown)
            throw new ArgumentException($"a tensor needs a fully known shape, got {shape}", nameof(shape));
        long bytes = checked(shape.ElementCount * type.SizeOf());
        if (memory.Length != bytes)
            throw new ArgumentException($"{type} {shape} needs {bytes} bytes, got {memory.Length}", nameof(memory));
        Type = type;
        Shape = shape;
        Memory = memory;
        Quant = quant;
    }

    /// <summary>The element type.</summary>
    public DataType Type { get; }

    /// <summary>The shape (fully known).</summary>
    public Shape Shape { get; }

    /// <summary>Quantization parameters, when the tensor holds quantized values.</summary>
    public QuantParams? Quant { get; }

    /// <summary>The raw element bytes.</summary>
    public Memory<byte> Memory { get; }

    /// <summary>The raw element bytes as a span.</summary>
    public Span<byte> Bytes => Memory.Span;

    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.ElementCount;

    /// <summary>Number of bytes.</summary>
    public int ByteCount => Memory.Length;

    /// <summary>A zero-filled tensor that owns its memory.</summary>
    public static Tensor Zeros(DataType type, Shape shape, QuantParams? quant = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long bytes = checked(shape.ElementCount * type.SizeOf());
        if (bytes < 0 || bytes > Array.MaxLength)
            throw new ArgumentException($"{type} {shape} is too large for one tensor ({bytes} bytes)", nameof(shape));
        return new Tensor(type, shape, new byte[bytes], quant);
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data's length differs from the shape's element count.</exception>
    public static Tensor FromArray<T>(Shape shape, ReadOnlySpan<T> data, QuantParams? quant = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (data.Length != shape.ElementCount)
            throw new ArgumentException($"{data.Length} values for shape {shape}", nameof(data));
        var t = Zeros(DataTypes.Of<T>(), shape, quant);
        data.CopyTo(t.AsSpan<T>());
        return t;
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar<T>(T value) where T : unmanaged => FromArray(Shape.Scalar, [value]);

    /// <summary>A rank-1 tensor holding <paramref name="values"/>.</summary>
    public static Tensor Vector<T>(params T[] values) where T : unmanaged => FromArray(new Shape(values.Length), values);

    /// <summary>A view of existing memory as a tensor, with no copy.</summary>
    public static Tensor View(DataType type, Shape shape, Memory<byte> memory, QuantParams? quant = null) =>
        new(type, shape, memory, quant);

    /// <summary>The elements as a span of <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the tensor's element type.</exception>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        if (DataTypes.Of<T>() != Type)
            throw new InvalidOperationException($"tensor holds {Type}, not {typeof(T).Name}");
        return MemoryMarshal.Cast<byte, T>(Memory.Span);
    }

    /// <summary>A copy of the elements as an array.</summary>
    public T[] ToArray<T>() where T : unmanaged => AsSpan<T>().ToArray();

    /// <summary>A deep copy (new memory, same type, shape and parameters).</summary>
    public Tensor Clone()
    {
        var copy = new byte[Memory.Length];
        Memory.Span.CopyTo(copy);
        return new Tensor(Type, Shape, copy, Quant);
    }

    /// <summary>The same memory seen with another shape of equal element count.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor Reshape(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.ElementCount != ElementCount)
            throw new ArgumentException($"cannot view {Shape} as {shape}", nameof(shape));
        return new Tensor(Type, shape, Memory, Quant);
    }

    /// <summary>The same memory with other quantization parameters.</summary>
    public Tensor WithQuant(QuantParams? quant) => new(Type, Shape, Memory, quant);

    /// <summary>Element <paramref name="index"/> converted to double, whatever the element type.</summary>
    /// <remarks>For tests, constant folding and printing; kernels use typed spans.</remarks>
    public double GetDouble(long index)
    {
        int i = checked((int)index);
        var b = Memory.Span;
        return Type switch
        {
            DataType.Float32 => MemoryMarshal.Cast<byte, float>(b)[i],
            DataType.Float16 => (double)MemoryMarshal.Cast<byte, Half>(b)[i],
            DataType.Int8 => (sbyte)b[i],
            DataType.UInt8 => b[i],
            DataType.Int16 => MemoryMarshal.Cast<byte, short>(b)[i],
            DataType.Int32 => MemoryMarshal.Cast<byte, int>(b)[i],
            DataType.Int64 => MemoryMarshal.Cast<byte, long>(b)[i],
            DataType.Bool => b[i] != 0 ? 1 : 0,
            _ => throw new InvalidOperationException($"tensor of type {Type} has no elements"),
        };
    }

    /// <summary>Element <paramref name="index"/> of an integer tensor as a long.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not of an integer or bool type.</exception>
    public long GetInt64(long index)
    {
        if (!Type.IsInteger() && Type != DataType.Bool)
            throw new InvalidOperationException($"tensor holds {Type}, not integers");
        // Int64 is read directly: a double cannot hold every long exactly.
        return Type == DataType.Int64
            ? MemoryMarshal.Cast<byte, long>(Memory.Span)[checked((int)index)]
            : (long)GetDouble(index);
    }

    /// <summary>All elements of an integer tensor as longs (shape vectors, axes, indices).</summary>
    public long[] ToInt64Array()
    {
        var result = new long[ElementCount];
        for (long i = 0; i < result.Length; i++) result[i] = GetInt64(i);
        return result;
    }

    /// <summary>All elements converted to float (float16, integers, bool).</summary>
    public float[] ToFloatArray()
    {
        if (Type == DataType.Float32) return ToArray<float>();
        var result = new float[ElementCount];
        for (long i = 0; i < result.Length; i++) result[i] = (float)GetDouble(i);
        return result;
    }

    /// <summary>Describes the tensor as <c>f32[1,10]</c>.</summary>
    public override string ToString() => $"{Type.ShortName()}{Shape}";
}
