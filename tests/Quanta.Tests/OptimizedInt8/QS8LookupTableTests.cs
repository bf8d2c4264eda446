using Quanta.Kernels.Optimized;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// The 256-entry byte lookup (vpermi2b pairs where the process has AVX-512 VBMI, scalar otherwise)
/// against direct indexing, on every byte value and lengths hitting the 64-byte tail; and the int8
/// table order (entry i for code −128 + i) rotated to raw-byte order.
/// </summary>
public unsafe class QS8LookupTableTests
{
    [Fact]
    public void EveryByteAndEveryTail()
    {
        var rng = new Random(61);
        for (int trial = 0; trial < 40; trial++)
        {
            var table = new byte[256];
            rng.NextBytes(table);
            var lut = new QS8LookupTable(table);
            int length = trial < 20 ? 256 + trial * 7 : rng.Next(0, 2000);
            var x = new byte[length];
            for (int i = 0; i < length; i++) x[i] = i < 256 ? (byte)i : (byte)rng.Next(256);
            var y = new byte[length];
            fixed (byte* px = x)
            fixed (byte* py = y)
            {
                lut.Apply(px, py, length);
            }
            for (int i = 0; i < length; i++)
            {
                if (y[i] != table[x[i]]) Assert.Fail($"trial {trial}, length {length}: x[{i}] = {x[i]} gave {y[i]}, expected {table[x[i]]}");
            }
        }
    }

    [Fact]
    public void Int8TablesAreIndexedByCode()
    {
        var codeOrder = new sbyte[256];
        for (int i = 0; i < 256; i++) codeOrder[i] = (sbyte)(127 - i); // output for code −128 + i
        var lut = QS8LookupTable.FromInt8(codeOrder);
        var x = new sbyte[] { -128, -1, 0, 1, 127, 64, -64 };
        var y = new sbyte[x.Length];
        fixed (sbyte* px = x)
        fixed (sbyte* py = y)
        {
            lut.Apply((byte*)px, (byte*)py, x.Length);
        }
        for (int i = 0; i < x.Length; i++) Assert.Equal((sbyte)(127 - (x[i] + 128)), y[i]);
    }
}
