using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// TFLite's fixed-point output stage (<see cref="QS8RequantizeGemmlowp"/>, same packed parameters)
/// in fewer instructions, exact whenever every accumulator times 2^ls lies in (−2^30, 2^30) — which
/// the packers prove per layer from the bias and the reduction length (|acc| ≤ |bias| + K·255·255)
/// before choosing it.
/// </summary>
/// <remarks>
/// <para>With |x| &lt; 2^30 the doubling high multiply cannot saturate and y = SRDHM(x, m) satisfies
/// |y| ≤ |x| &lt; 2^30. RDBP(y, r) for r ≥ 1 is <c>(y + 2^(r−1) − [y &lt; 0]) ≫ r</c> (a tie rounds away
/// from zero), and no term can overflow. The 2^(r−1) is added inside the multiply's 64-bit nudge:
/// <c>⌊(x·m + 2^30)/2^31⌋ + h = ⌊(x·m + 2^30 + h·2^31)/2^31⌋</c> for integer h, |x·m + …| &lt; 2^62.
/// Then y &lt; 0 ⟺ y + h &lt; h, one compare whose −1 is the −[y &lt; 0]; r = 0 lanes compare against
/// INT32_MIN, never true, and shift by 0. Five instructions fewer than the general form.</para>
/// </remarks>
public readonly unsafe struct QS8RequantizeGemmlowpBounded : IQS8Requantization
{
    /// <inheritdoc/>
    public static int ParamVectors => QS8RequantizeGemmlowp.ParamVectors;

    /// <summary>The largest |acc·2^ls| this form accepts (exclusive).</summary>
    public const long Bound = 1L << 30;

    /// <inheritdoc/>
    public static int Apply(int acc, int* block, int lane, in QS8OutputParams output) => QS8RequantizeGemmlowp.Apply(acc, block, lane, output);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Apply(Vector256<int> acc, int* block, in QS8OutputParams output)
    {
        var x = Avx2.ShiftLeftLogicalVariable(acc, Avx.LoadVector256((uint*)block + QS8RequantizeGemmlowp.LeftShift));
        var even = Avx2.Add(Avx2.Multiply(x, Avx.LoadVector256(block + QS8RequantizeGemmlowp.Multiplier)),
            Avx.LoadVector256((long*)(block + QS8RequantizeGemmlowp.NudgeEven)));
        var odd = Avx2.Add(Avx2.Multiply(Avx2.Shuffle(x, 0b11_11_01_01), Avx.LoadVector256(block + QS8RequantizeGemmlowp.MultiplierOdd)),
            Avx.LoadVector256((long*)(block + QS8RequantizeGemmlowp.NudgeOdd)));
        var y = Avx2.Blend(Avx2.ShiftRightLogical(even, 31).AsInt32(), Avx2.ShiftLeftLogical(odd, 1).AsInt32(), 0b1010_1010);
        y = Avx2.Add(y, Avx2.CompareGreaterThan(Avx.LoadVector256(block + QS8RequantizeGemmlowp.HalfCompare), y));
        var q = Avx2.ShiftRightArithmeticVariable(y, Avx.LoadVector256((uint*)block + QS8RequantizeGemmlowp.RightShift));
        return Avx2.Add(q, Vector256.Create(output.ZeroPoint));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> FourRows(Vector512<int> r0, Vector512<int> r1, Vector512<int> r2, Vector512<int> r3, int* block, in QS8OutputParams output) =>
        QS8Vector512.PackFourRows(Apply(r0, block, output), Apply(r1, block, output), Apply(r2, block, output), Apply(r3, block, output), output);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Apply(Vector512<int> acc, int* block, in QS8OutputParams output)
    {
        var x = Avx512F.ShiftLeftLogicalVariable(acc, Vector512.Load((uint*)block + 2 * QS8RequantizeGemmlowp.LeftShift));
        var even = Avx512F.Multiply(x, Vector512.Load(block + 2 * QS8RequantizeGemmlowp.Multiplier))
            + Vector512.Load((long*)(block + 2 * QS8RequantizeGemmlowp.NudgeEven));
        var odd = Avx512F.Multiply(Avx512F.Shuffle(x, (byte)0b11_11_01_01), Vector512.Load(block + 2 * QS8RequantizeGemmlowp.MultiplierOdd))
            + Vector512.Load((long*)(block + 2 * QS8RequantizeGemmlowp.NudgeOdd));
        var y = QS8RequantizeGemmlowp.Merge(Avx512F.ShiftRightLogical(even, 31).AsInt32(), Avx512F.ShiftLeftLogical(odd, 1).AsInt32());
        y += Vector512.GreaterThan(Vector512.Load(block + 2 * QS8RequantizeGemmlowp.HalfCompare), y);
        var q = Avx512F.ShiftRightArithmeticVariable(y, Vector512.Load((uint*)block + 2 * QS8RequantizeGemmlowp.RightShift));
        return q + Vector512.Create(output.ZeroPoint);
    }

    /// <inheritdoc/>
    /// <remarks>The 128-bit paths use the general form (it is exact on every input).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Apply(Vector128<int> acc, int* block, int firstLane, in QS8OutputParams output) =>
        QS8RequantizeGemmlowp.Apply(acc, block, firstLane, output);
}
