using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// TFLite's fixed-point output stage, vectorized and bit-exact: <c>RDBP(SRDHM(acc·2^ls, m), rs) + Zy</c>
/// (<see cref="Requantize.MultiplyByQuantizedMultiplier(int, int, int)"/>, gemmlowp's double rounding).
/// </summary>
/// <remarks>
/// <para><b>SRDHM</b> (SaturatingRoundingDoublingHighMul) is <c>⌊(x·m + 2^30) / 2^31⌋</c>: gemmlowp's
/// "nudge then truncate toward zero" equals this floor for both signs (see FixedPoint). vpmuldq gives
/// the exact 64-bit products of the even lanes (odd lanes after a shuffle); |x·m| ≤ 2^62 so adding
/// 2^30 cannot overflow. The floor division by 2^31 keeps bits 31…62, and since the true result fits
/// int32 a LOGICAL 64-bit shift gives the same low dword as the arithmetic shift AVX2 lacks. The one
/// product that does not fit, (−2^31)·(−2^31), comes out as INT32_MIN where gemmlowp saturates to
/// INT32_MAX; no other input yields INT32_MIN (the most negative product, −2^31·(2^31−1), gives
/// −2^31+1), so XOR-ing lanes equal to INT32_MIN with all-ones is the exact saturation, applied to
/// every lane without a branch (a branch would cost as much and split the register allocation).</para>
/// <para><b>RDBP</b> (RoundingDivideByPOT) is <c>(y ≫ rs) + [(y &amp; mask) &gt; (mask ≫ 1) + [y &lt; 0]]</c>,
/// computed lane-wise exactly as gemmlowp writes it (no intermediate can overflow).</para>
/// <para>The left shift wraps (vpsllvd, like C's shift of the int32 accumulator); the zero point is
/// added with a wrapping add, as the reference does before clamping.</para>
/// <para>Without AVX2 (SSE4.1) there are no per-lane shifts: 2^ls is applied with pmulld (same wrap),
/// and <c>y ≫ rs</c> as <c>⌊y·2^(31−rs) / 2^31⌋</c> with pmuldq (rs = 0 lanes keep y).</para>
/// </remarks>
public readonly unsafe struct QS8RequantizeGemmlowp : IQS8Requantization
{
    // Vector offsets (in ints) inside a block, after the bias at 0.
    internal const int Multiplier = 8, MultiplierOdd = 16, LeftShift = 24, RightShift = 32, Mask = 40, Threshold = 48,
        LeftFactor = 56, RightFactor = 64, RightFactorOdd = 72, NoRightShift = 80, NudgeEven = 88, NudgeOdd = 96, HalfCompare = 104;

    /// <inheritdoc/>
    public static int ParamVectors => 13;

    /// <summary>Writes one channel's parameters into lane <paramref name="lane"/> of a block.</summary>
    /// <param name="block">The block (8 or <paramref name="lanes"/> slots per vector).</param>
    /// <param name="lane">The channel's slot in the block.</param>
    /// <param name="m">The channel's multiplier.</param>
    /// <param name="lanes">Slots per block: 8 (AVX2/SSE) or 16 (AVX-512; every offset doubles).</param>
    /// <exception cref="ArgumentOutOfRangeException">The shift is outside [−31, 31] (TFLite's range is [−31, 30]).</exception>
    public static void Pack(int* block, int lane, QuantizedMultiplier m, int lanes = 8)
    {
        if (m.Shift is < -31 or > 31)
            throw new ArgumentOutOfRangeException(nameof(m), m.Shift, "requantization shift outside [−31, 31]");
        int w = lanes / 8;
        int ls = Math.Max(m.Shift, 0), rs = Math.Max(-m.Shift, 0);
        int mask = (int)((1L << rs) - 1);
        block[w * Multiplier + lane] = m.Multiplier;
        block[w * LeftShift + lane] = ls;
        block[w * RightShift + lane] = rs;
        block[w * Mask + lane] = mask;
        block[w * Threshold + lane] = mask >> 1;
        block[w * LeftFactor + lane] = unchecked(1 << ls);
        block[w * RightFactor + lane] = rs == 0 ? 0 : 1 << (31 - rs);
        block[w * NoRightShift + lane] = rs == 0 ? -1 : 0;
        // The bounded form (QS8RequantizeGemmlowpBounded): 2^30 + 2^(r−1)·2^31 per channel as a 64-bit
        // nudge, even lanes and odd lanes in separate vectors of qwords; and the compare bound.
        long half = rs == 0 ? 0 : 1L << (rs - 1);
        ((long*)(block + w * (lane % 2 == 0 ? NudgeEven : NudgeOdd)))[lane / 2] = (1L << 30) + (half << 31);
        block[w * HalfCompare + lane] = rs == 0 ? int.MinValue : (int)half;
        // vpmuldq reads the low dword of each qword: the odd lanes' values, moved down one lane.
        if ((lane & 1) == 1)
        {
            block[w * MultiplierOdd + lane - 1] = block[w * MultiplierOdd + lane] = m.Multiplier;
            block[w * RightFactorOdd + lane - 1] = block[w * RightFactorOdd + lane] = block[w * RightFactor + lane];
        }
    }

    /// <inheritdoc/>
    public static int Apply(int acc, int* block, int lane, in QS8OutputParams output) =>
        unchecked(Requantize.MultiplyByQuantizedMultiplier(acc, block[Multiplier + lane], block[LeftShift + lane] - block[RightShift + lane])
            + output.ZeroPoint);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Apply(Vector256<int> acc, int* block, in QS8OutputParams output)
    {
        var x = Avx2.ShiftLeftLogicalVariable(acc, Avx.LoadVector256((uint*)block + LeftShift));
        var nudge = Vector256.Create(1L << 30);
        var even = Avx2.Add(Avx2.Multiply(x, Avx.LoadVector256(block + Multiplier)), nudge);
        var odd = Avx2.Add(Avx2.Multiply(Avx2.Shuffle(x, 0b11_11_01_01), Avx.LoadVector256(block + MultiplierOdd)), nudge);
        var y = Avx2.Blend(Avx2.ShiftRightLogical(even, 31).AsInt32(), Avx2.ShiftLeftLogical(odd, 1).AsInt32(), 0b1010_1010);
        y = Avx2.Xor(y, Avx2.CompareEqual(y, Vector256.Create(int.MinValue)));
        var remainder = Avx2.And(y, Avx.LoadVector256(block + Mask));
        var threshold = Avx2.Subtract(Avx.LoadVector256(block + Threshold), Avx2.ShiftRightArithmetic(y, 31));
        var q = Avx2.ShiftRightArithmeticVariable(y, Avx.LoadVector256((uint*)block + RightShift));
        return Avx2.Add(Avx2.Subtract(q, Avx2.CompareGreaterThan(remainder, threshold)), Vector256.Create(output.ZeroPoint));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> FourRows(Vector512<int> r0, Vector512<int> r1, Vector512<int> r2, Vector512<int> r3, int* block, in QS8OutputParams output) =>
        QS8Vector512.PackFourRows(Apply(r0, block, output), Apply(r1, block, output), Apply(r2, block, output), Apply(r3, block, output), output);

    /// <inheritdoc/>
    /// <remarks>The same steps on 16 lanes; the odd/even merge is one vpternlogd with a constant
    /// lane mask, and the arithmetic shift of the 64-bit products is not needed (see the type's remarks).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Apply(Vector512<int> acc, int* block, in QS8OutputParams output)
    {
        var x = Avx512F.ShiftLeftLogicalVariable(acc, Vector512.Load((uint*)block + 2 * LeftShift));
        var nudge = Vector512.Create(1L << 30);
        var even = Avx512F.Multiply(x, Vector512.Load(block + 2 * Multiplier)) + nudge;
        var odd = Avx512F.Multiply(Avx512F.Shuffle(x, (byte)0b11_11_01_01), Vector512.Load(block + 2 * MultiplierOdd)) + nudge;
        var y = Merge(Avx512F.ShiftRightLogical(even, 31).AsInt32(), Avx512F.ShiftLeftLogical(odd, 1).AsInt32());
        y ^= Vector512.Equals(y, Vector512.Create(int.MinValue));
        var remainder = y & Vector512.Load(block + 2 * Mask);
        var threshold = Vector512.Load(block + 2 * Threshold) - Avx512F.ShiftRightArithmetic(y, 31);
        var q = Avx512F.ShiftRightArithmeticVariable(y, Vector512.Load((uint*)block + 2 * RightShift));
        return q - Vector512.GreaterThan(remainder, threshold) + Vector512.Create(output.ZeroPoint);
    }

    /// <summary>Even lanes of <paramref name="even"/>, odd lanes of <paramref name="odd"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<int> Merge(Vector512<int> even, Vector512<int> odd) =>
        Vector512.ConditionalSelect(Vector512.Create(-1L << 32).AsInt32(), odd, even);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Apply(Vector128<int> acc, int* block, int firstLane, in QS8OutputParams output)
    {
        int* p = block + firstLane;
        if (Avx2.IsSupported) return ApplyAvx2(acc, p, output);
        if (Sse41.IsSupported) return ApplySse41(acc, p, output);
        return ApplyPortable(acc, block, firstLane, output);
    }

    internal static Vector128<int> ApplyAvx2(Vector128<int> acc, int* p, in QS8OutputParams output)
    {
        var x = Avx2.ShiftLeftLogicalVariable(acc, Sse2.LoadVector128((uint*)p + LeftShift));
        var y = HighMul128(x, Sse2.LoadVector128(p + Multiplier), Sse2.LoadVector128(p + MultiplierOdd));
        var remainder = Sse2.And(y, Sse2.LoadVector128(p + Mask));
        var threshold = Sse2.Subtract(Sse2.LoadVector128(p + Threshold), Sse2.ShiftRightArithmetic(y, 31));
        var q = Avx2.ShiftRightArithmeticVariable(y, Sse2.LoadVector128((uint*)p + RightShift));
        return Sse2.Add(Sse2.Subtract(q, Sse2.CompareGreaterThan(remainder, threshold)), Vector128.Create(output.ZeroPoint));
    }

    internal static Vector128<int> ApplySse41(Vector128<int> acc, int* p, in QS8OutputParams output)
    {
        var x = Sse41.MultiplyLow(acc, Sse2.LoadVector128(p + LeftFactor));
        var y = HighMul128(x, Sse2.LoadVector128(p + Multiplier), Sse2.LoadVector128(p + MultiplierOdd));
        var remainder = Sse2.And(y, Sse2.LoadVector128(p + Mask));
        var threshold = Sse2.Subtract(Sse2.LoadVector128(p + Threshold), Sse2.ShiftRightArithmetic(y, 31));
        // ⌊y / 2^rs⌋ = ⌊y·2^(31−rs) / 2^31⌋ for rs ≥ 1 (the factor fits int32); rs = 0 lanes keep y.
        var even = Sse41.Multiply(y, Sse2.LoadVector128(p + RightFactor));
        var odd = Sse41.Multiply(Sse2.Shuffle(y, 0b11_11_01_01), Sse2.LoadVector128(p + RightFactorOdd));
        var q = Sse41.Blend(Sse2.ShiftRightLogical(even, 31).AsInt16(), Sse2.ShiftLeftLogical(odd, 1).AsInt16(), 0b1100_1100).AsInt32();
        q = Sse41.BlendVariable(q, y, Sse2.LoadVector128(p + NoRightShift));
        return Sse2.Add(Sse2.Subtract(q, Sse2.CompareGreaterThan(remainder, threshold)), Vector128.Create(output.ZeroPoint));
    }

    /// <summary>SRDHM on four lanes with pmuldq (see the type's remarks).</summary>
    private static Vector128<int> HighMul128(Vector128<int> x, Vector128<int> m, Vector128<int> mOdd)
    {
        var nudge = Vector128.Create(1L << 30);
        var even = Sse2.Add(Sse41.Multiply(x, m), nudge);
        var odd = Sse2.Add(Sse41.Multiply(Sse2.Shuffle(x, 0b11_11_01_01), mOdd), nudge);
        var y = Sse41.Blend(Sse2.ShiftRightLogical(even, 31).AsInt16(), Sse2.ShiftLeftLogical(odd, 1).AsInt16(), 0b1100_1100).AsInt32();
        return Sse2.Xor(y, Sse2.CompareEqual(y, Vector128.Create(int.MinValue)));
    }

    internal static Vector128<int> ApplyPortable(Vector128<int> acc, int* block, int firstLane, in QS8OutputParams output) =>
        Vector128.Create(
            Apply(acc.GetElement(0), block, firstLane, output),
            Apply(acc.GetElement(1), block, firstLane + 1, output),
            Apply(acc.GetElement(2), block, firstLane + 2, output),
            Apply(acc.GetElement(3), block, firstLane + 3, output));
}
