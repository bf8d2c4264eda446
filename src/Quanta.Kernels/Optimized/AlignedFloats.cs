using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quanta.Kernels;

/// <summary>
/// A pinned float buffer whose first element sits on a 64-byte (cache-line) boundary, for packed
/// weights and scratch that kernels read with vector loads: an unaligned 32-byte load crosses a
/// cache line every other time at the 16-byte alignment of ordinary arrays and costs two loads.
/// Pinned, so <see cref="Pointer"/> stays valid for the buffer's lifetime.
/// </summary>
public sealed unsafe class AlignedFloats
{
    private const int Alignment = 64;
    private readonly float[] _array;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> zeroed floats.</summary>
    public AlignedFloats(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = GC.AllocateArray<float>(checked(length + Alignment / sizeof(float)), pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        _offset = (int)((Alignment - address % Alignment) % Alignment) / sizeof(float);
        Length = length;
        Pointer = (float*)address + _offset;
    }

    /// <summary>Floats in the buffer.</summary>
    public int Length { get; }

    /// <summary>The first float (64-byte aligned).</summary>
    public float* Pointer { get; }

    /// <summary>The buffer as a span.</summary>
    public Span<float> Span => _array.AsSpan(_offset, Length);
}
