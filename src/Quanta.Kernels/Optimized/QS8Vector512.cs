using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>AVX-512BW helpers shared by the 512-bit int8 kernels: packing rows of int32 to int8.</summary>
public static class QS8Vector512
{
    /// <summary>vpermd indices that undo the 128-bit-lane interleave of vpackssdw + vpacksswb on four rows.</summary>
    private static Vector512<int> RowOrder => Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);

    /// <summary>
    /// Saturates four rows × 16 int32 to int8 and clamps them: row j lands in 128-bit lane j.
    /// </summary>
    /// <remarks>vpackssdw and vpacksswb work within 128-bit lanes, so lane L holds dwords
    /// (row 0, channels 4L…4L+3), (row 1, …), (row 2, …), (row 3, …); vpermd moves dword 4L + r to 4r + L.
    /// Saturating then clamping to [Min, Max] ⊆ [−128, 127] equals clamping the int32 directly.</remarks>
    /// <param name="r0">Row 0.</param>
    /// <param name="r1">Row 1.</param>
    /// <param name="r2">Row 2.</param>
    /// <param name="r3">Row 3.</param>
    /// <param name="output">The clamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> PackFourRows(Vector512<int> r0, Vector512<int> r1, Vector512<int> r2, Vector512<int> r3, in QS8OutputParams output)
    {
        var bytes = Avx512BW.PackSignedSaturate(Avx512BW.PackSignedSaturate(r0, r1), Avx512BW.PackSignedSaturate(r2, r3));
        bytes = Avx512F.PermuteVar16x32(bytes.AsInt32(), RowOrder).AsSByte();
        return Avx512BW.Min(Avx512BW.Max(bytes, Vector512.Create((sbyte)output.Min)), Vector512.Create((sbyte)output.Max));
    }

    /// <summary>
    /// The fp32 stage fused into the packing: <c>max(sat8(sat16(sat16(cvt(min(v, Max − Zy))) + Zy)), Min)</c>
    /// per lane, with v = float(acc)·scale. Equal to <see cref="QS8RequantizeFp32"/> then clamping: values
    /// at or above Max − Zy give Max; the others convert exactly (round half to even), or to INT32_MIN
    /// when below the int32 range, and every value below Min − Zy (≥ −255) stays below Min through the
    /// saturating steps, so the final max gives Min.
    /// </summary>
    /// <param name="r0">Row 0 scaled (float(acc)·scale).</param>
    /// <param name="r1">Row 1.</param>
    /// <param name="r2">Row 2.</param>
    /// <param name="r3">Row 3.</param>
    /// <param name="output">Zero point and clamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<sbyte> PackFourRowsFp32(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3, in QS8OutputParams output)
    {
        var max = Vector512.Create(output.MaxMinusZeroPoint);
        var zero = Vector512.Create((short)output.ZeroPoint);
        var w01 = Avx512BW.AddSaturate(Avx512BW.PackSignedSaturate(
            Avx512F.ConvertToVector512Int32(Avx512F.Min(r0, max)), Avx512F.ConvertToVector512Int32(Avx512F.Min(r1, max))), zero);
        var w23 = Avx512BW.AddSaturate(Avx512BW.PackSignedSaturate(
            Avx512F.ConvertToVector512Int32(Avx512F.Min(r2, max)), Avx512F.ConvertToVector512Int32(Avx512F.Min(r3, max))), zero);
        var bytes = Avx512F.PermuteVar16x32(Avx512BW.PackSignedSaturate(w01, w23).AsInt32(), RowOrder).AsSByte();
        return Avx512BW.Max(bytes, Vector512.Create((sbyte)output.Min));
    }
}
