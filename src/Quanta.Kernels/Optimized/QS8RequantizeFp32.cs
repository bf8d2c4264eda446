using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// The floating-point output stage of ONNX's quantized operators (QLinearConv, QLinearMatMul) as
/// ONNX Runtime's MLAS and XNNPACK's fp32 kernels compute it:
/// <c>clamp(round_half_even(float(acc)·scale), Min − Zy, Max − Zy) + Zy</c>.
/// </summary>
/// <remarks>
/// Every step is a single IEEE binary32 operation (int → float rounds to nearest even, one
/// multiply), so scalar and vector forms agree bit for bit. Clamping before rounding is the same as
/// rounding before clamping because the bounds are integers; clamping first keeps the conversion
/// (cvtps2dq, whose MXCSR mode .NET leaves at round-to-nearest-even) inside the int32 range.
/// </remarks>
public readonly unsafe struct QS8RequantizeFp32 : IQS8Requantization
{
    internal const int Scale = 8;

    /// <inheritdoc/>
    public static int ParamVectors => 1;

    /// <summary>Writes one channel's scale (input scale · weight scale / output scale) into a block.</summary>
    /// <param name="block">The block.</param>
    /// <param name="lane">The channel's slot.</param>
    /// <param name="scale">The scale.</param>
    /// <param name="lanes">Slots per block: 8, or 16 (AVX-512).</param>
    public static void Pack(int* block, int lane, float scale, int lanes = 8) => ((float*)block)[Scale * lanes / 8 + lane] = scale;

    /// <inheritdoc/>
    public static int Apply(int acc, int* block, int lane, in QS8OutputParams output)
    {
        float v = acc * ((float*)block)[Scale + lane];
        v = MathF.Min(MathF.Max(v, output.MinMinusZeroPoint), output.MaxMinusZeroPoint);
        return (int)MathF.Round(v, MidpointRounding.ToEven) + output.ZeroPoint;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Apply(Vector256<int> acc, int* block, in QS8OutputParams output)
    {
        var v = Avx.Multiply(Avx.ConvertToVector256Single(acc), Avx.LoadVector256((float*)block + Scale));
        v = Avx.Min(Avx.Max(v, Vector256.Create(output.MinMinusZeroPoint)), Vector256.Create(output.MaxMinusZeroPoint));
        return Avx2.Add(Avx.ConvertToVector256Int32(v), Vector256.Create(output.ZeroPoint));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Apply(Vector512<int> acc, int* block, in QS8OutputParams output)
    {
        var v = Avx512F.ConvertToVector512Single(acc) * Vector512.Load((float*)block + 2 * Scale);
        v = Avx512F.Min(Avx512F.Max(v, Vector512.Create(output.MinMinusZeroPoint)), Vector512.Create(output.MaxMinusZeroPoint));
        return Avx512F.ConvertToVector512Int32(v) + Vector512.Create(output.ZeroPoint);
    }

    /// <inheritdoc/>
    /// <remarks>Fused: one float clamp per row, the zero point added to int16 pairs, one byte clamp per
    /// four rows (<see cref="QS8Vector512.PackFourRowsFp32"/>).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> FourRows(Vector512<int> r0, Vector512<int> r1, Vector512<int> r2, Vector512<int> r3, int* block, in QS8OutputParams output)
    {
        var scale = Vector512.Load((float*)block + 2 * Scale);
        return QS8Vector512.PackFourRowsFp32(Avx512F.ConvertToVector512Single(r0) * scale, Avx512F.ConvertToVector512Single(r1) * scale,
            Avx512F.ConvertToVector512Single(r2) * scale, Avx512F.ConvertToVector512Single(r3) * scale, output);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Apply(Vector128<int> acc, int* block, int firstLane, in QS8OutputParams output)
    {
        var v = Vector128.ConvertToSingle(acc) * Vector128.Load((float*)block + Scale + firstLane);
        v = Vector128.Min(Vector128.Max(v, Vector128.Create(output.MinMinusZeroPoint)), Vector128.Create(output.MaxMinusZeroPoint));
        return Vector128.ConvertToInt32(Vector128.Round(v)) + Vector128.Create(output.ZeroPoint);
    }
}
