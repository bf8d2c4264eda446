using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// A 256-entry byte lookup (8-bit requantization through <see cref="QLinearLookupTable"/>), 64 bytes
/// per step with AVX-512 VBMI: two vpermi2b select among entries 0–127 and 128–255 by the index's
/// low seven bits, and its top bit picks one of the two (vpmovb2m + vpblendmb).
/// </summary>
public sealed unsafe class QS8LookupTable
{
    private readonly byte[] _table;

    /// <summary>A table indexed by the raw input byte: entry b is the output for the code whose bit
    /// pattern is b (for int8, entry 0x80 is the output for −128).</summary>
    /// <param name="byRawByte">256 output bytes.</param>
    /// <exception cref="ArgumentException">Not 256 entries.</exception>
    public QS8LookupTable(ReadOnlySpan<byte> byRawByte)
    {
        if (byRawByte.Length != 256) throw new ArgumentException($"a lookup table has 256 entries, got {byRawByte.Length}", nameof(byRawByte));
        _table = GC.AllocateArray<byte>(256, pinned: true);
        byRawByte.CopyTo(_table);
    }

    /// <summary>From a table in <see cref="QLinearLookupTable"/>'s order (entry i for code min + i) of int8 codes.</summary>
    /// <param name="table">256 int8 outputs, entry i for input −128 + i.</param>
    public static QS8LookupTable FromInt8(ReadOnlySpan<sbyte> table)
    {
        Span<byte> raw = stackalloc byte[256];
        for (int b = 0; b < 256; b++) raw[b] = (byte)table[(b + 128) & 255];
        return new QS8LookupTable(raw);
    }

    /// <summary>True when <see cref="Apply"/> runs 64 bytes per step.</summary>
    public static bool IsAccelerated => Avx512Vbmi.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>y[i] = table[x[i]] for i &lt; count (x and y may be the same buffer).</summary>
    /// <param name="x">Input bytes.</param>
    /// <param name="y">Output bytes.</param>
    /// <param name="count">Bytes.</param>
    public void Apply(byte* x, byte* y, int count)
    {
        byte* t = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_table));
        int i = 0;
        if (IsAccelerated)
        {
            var t0 = Vector512.Load(t);
            var t1 = Vector512.Load(t + 64);
            var t2 = Vector512.Load(t + 128);
            var t3 = Vector512.Load(t + 192);
            for (; i + 64 <= count; i += 64)
            {
                var index = Vector512.Load(x + i);
                var low = Avx512Vbmi.PermuteVar64x8x2(t0, index, t1);
                var high = Avx512Vbmi.PermuteVar64x8x2(t2, index, t3);
                Vector512.ConditionalSelect(Vector512.LessThan(index.AsSByte(), Vector512<sbyte>.Zero).AsByte(), high, low).Store(y + i);
            }
        }
        for (; i < count; i++) y[i] = t[x[i]];
    }
}
