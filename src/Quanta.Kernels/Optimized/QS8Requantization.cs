using System.Runtime.Intrinsics;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// The output stage of the optimized int8 kernels: how an int32 accumulator (bias included)
/// becomes an int32 on the output's grid, zero point added. Implemented as a struct with static
/// members so that every microkernel is compiled once per output stage, with no indirect call in
/// its epilogue (the TensorPrimitives operator-struct pattern).
/// </summary>
/// <remarks>
/// Parameters live in <see cref="QS8ChannelParams"/> blocks of 8 channels: vector 0 of a block is
/// the bias, vectors 1 … <see cref="ParamVectors"/> are this stage's per-channel values. The result
/// is NOT clamped: the caller saturates it to int8 (saturating packs) and then clamps to
/// [<see cref="QS8OutputParams.Min"/>, <see cref="QS8OutputParams.Max"/>], which equals
/// <c>Math.Clamp(result, Min, Max)</c> because Min and Max lie inside the int8 range.
/// </remarks>
public unsafe interface IQS8Requantization
{
    /// <summary>Per-channel int32 vectors (8 lanes each) this stage stores after the bias.</summary>
    static abstract int ParamVectors { get; }

    /// <summary>The scalar form (the specification the vector forms are tested against).</summary>
    /// <param name="acc">Accumulator with bias.</param>
    /// <param name="block">The channel's 8-channel block.</param>
    /// <param name="lane">The channel's lane in the block (0–7).</param>
    /// <param name="output">Output zero point and clamp.</param>
    static abstract int Apply(int acc, int* block, int lane, in QS8OutputParams output);

    /// <summary>Eight channels at once (AVX2).</summary>
    static abstract Vector256<int> Apply(Vector256<int> acc, int* block, in QS8OutputParams output);

    /// <summary>Sixteen channels at once (AVX-512F) from a 16-slot block (<see cref="QS8ChannelParams.Lanes"/> = 16).</summary>
    static abstract Vector512<int> Apply(Vector512<int> acc, int* block, in QS8OutputParams output);

    /// <summary>
    /// Four rows × 16 channels (AVX-512BW) requantized, saturated to int8 and clamped: row j in
    /// 128-bit lane j, channels in order: <see cref="Apply(Vector512{int}, int*, in QS8OutputParams)"/>
    /// per row, then <see cref="QS8Vector512.PackFourRows"/>, or a form fusing steps into the packing.
    /// </summary>
    /// <param name="r0">Row 0's accumulators (bias included).</param>
    /// <param name="r1">Row 1's.</param>
    /// <param name="r2">Row 2's.</param>
    /// <param name="r3">Row 3's.</param>
    /// <param name="block">The channels' 16-slot block.</param>
    /// <param name="output">Zero point and clamp.</param>
    static abstract Vector512<sbyte> FourRows(Vector512<int> r0, Vector512<int> r1, Vector512<int> r2, Vector512<int> r3, int* block, in QS8OutputParams output);

    /// <summary>Four channels at once: lanes <paramref name="firstLane"/> … +3 of the block (SSE/NEON or portable).</summary>
    static abstract Vector128<int> Apply(Vector128<int> acc, int* block, int firstLane, in QS8OutputParams output);
}

/// <summary>What every output stage shares: the output zero point and the clamp range.</summary>
/// <param name="ZeroPoint">Zy.</param>
/// <param name="Min">Lower clamp (the fused activation quantized, within the output type).</param>
/// <param name="Max">Upper clamp.</param>
public readonly record struct QS8OutputParams(int ZeroPoint, int Min, int Max)
{
    /// <summary>Min − Zy as a float: the fp32 stage clamps before converting, so conversion never overflows.</summary>
    public float MinMinusZeroPoint => Min - ZeroPoint;

    /// <summary>Max − Zy as a float.</summary>
    public float MaxMinusZeroPoint => Max - ZeroPoint;
}
