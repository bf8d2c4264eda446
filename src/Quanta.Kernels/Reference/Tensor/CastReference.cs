using System.Numerics;
using System.Runtime.InteropServices;
using Quanta.Core;

namespace Quanta.Kernels;

/// <summary>
/// Element type conversion (ONNX Cast/CastLike, TFLite CAST) between every <see cref="DataType"/>.
/// </summary>
/// <remarks>
/// Semantics, as numpy's <c>astype</c> (which ONNX's reference uses) where numpy defines them:
/// float → integer truncates toward zero; integer → narrower integer wraps (two's complement);
/// integer/float → float rounds to nearest even (float32 → float16 overflows to ±∞); anything →
/// bool is <c>x ≠ 0</c> (NaN is true); bool → number is 0 or 1. Where numpy is undefined (a float
/// outside the target integer range, NaN → integer) Quanta saturates and maps NaN to 0, which is
/// what .NET's conversions do on every platform, so results never depend on the CPU.
/// </remarks>
public static class CastReference
{
    /// <summary>Converts <paramref name="source"/> (elements of <paramref name="from"/>) into
    /// <paramref name="destination"/> (elements of <paramref name="to"/>), element by element.</summary>
    /// <exception cref="ArgumentException">A type is <see cref="DataType.Undefined"/>, or the element counts differ.</exception>
    public static void Cast(DataType from, ReadOnlySpan<byte> source, DataType to, Span<byte> destination)
    {
        if (source.Length / from.SizeOf() != destination.Length / to.SizeOf())
            throw new ArgumentException($"{source.Length / from.SizeOf()} source elements but {destination.Length / to.SizeOf()} destination elements");
        switch (from)
        {
            case DataType.Float32: From(MemoryMarshal.Cast<byte, float>(source), to, destination); break;
            case DataType.Float16: From(MemoryMarshal.Cast<byte, Half>(source), to, destination); break;
            case DataType.Int8: From(MemoryMarshal.Cast<byte, sbyte>(source), to, destination); break;
            case DataType.UInt8: From(source, to, destination); break;
            case DataType.Int16: From(MemoryMarshal.Cast<byte, short>(source), to, destination); break;
            case DataType.Int32: From(MemoryMarshal.Cast<byte, int>(source), to, destination); break;
            case DataType.Int64: From(MemoryMarshal.Cast<byte, long>(source), to, destination); break;
            case DataType.Bool: From(source, to, destination); break; // stored as bytes 0 and 1
            default: throw new ArgumentException($"cannot cast from {from}", nameof(from));
        }
    }

    private static void From<TFrom>(ReadOnlySpan<TFrom> src, DataType to, Span<byte> dst)
        where TFrom : unmanaged, INumberBase<TFrom>
    {
        switch (to)
        {
            case DataType.Float32: Convert(src, MemoryMarshal.Cast<byte, float>(dst)); break;
            case DataType.Float16: Convert(src, MemoryMarshal.Cast<byte, Half>(dst)); break;
            case DataType.Int8: Convert(src, MemoryMarshal.Cast<byte, sbyte>(dst)); break;
            case DataType.UInt8: Convert(src, dst); break;
            case DataType.Int16: Convert(src, MemoryMarshal.Cast<byte, short>(dst)); break;
            case DataType.Int32: Convert(src, MemoryMarshal.Cast<byte, int>(dst)); break;
            case DataType.Int64: Convert(src, MemoryMarshal.Cast<byte, long>(dst)); break;
            case DataType.Bool:
                for (int i = 0; i < src.Length; i++) dst[i] = src[i] != TFrom.Zero ? (byte)1 : (byte)0;
                break;
            default: throw new ArgumentException($"cannot cast to {to}", nameof(to));
        }
    }

    // CreateTruncating: integer → integer wraps; float → integer truncates toward zero and
    // saturates (NaN → 0); → float rounds to nearest even.
    private static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> src, Span<TTo> dst)
        where TFrom : unmanaged, INumberBase<TFrom>
        where TTo : unmanaged, INumberBase<TTo>
    {
        for (int i = 0; i < src.Length; i++) dst[i] = TTo.CreateTruncating(src[i]);
    }
}
