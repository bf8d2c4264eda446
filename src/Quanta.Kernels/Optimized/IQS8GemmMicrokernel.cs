namespace Quanta.Kernels.Optimized;

/// <summary>
/// A register-tiled int8 GEMM microkernel: <see cref="MR"/> rows of packed int16 activations times
/// one <see cref="QS8GemmWeights"/> panel of 16 output channels, with the bias, requantization and
/// clamp fused into its epilogue. A struct with static members, so drivers are compiled per kernel.
/// </summary>
public unsafe interface IQS8GemmMicrokernel
{
    /// <summary>Rows per call.</summary>
    static abstract int MR { get; }

    /// <summary>True when the kernel reads one 16-slot parameter block per panel
    /// (<see cref="QS8GemmWeights.WideParams"/>); false for two 8-slot blocks.</summary>
    static abstract bool WideParams { get; }

    /// <summary>
    /// <c>c[r, 0..columns) = requantize(Σ_t a[r, 2t..2t+1] · w[2t..2t+1, ·] + bias)</c> for r &lt; rows.
    /// </summary>
    /// <param name="rows">Rows to store, 1 … MR; the kernel reads MR rows of <paramref name="a"/>
    /// (callers pad the packed activations to a multiple of MR rows).</param>
    /// <param name="columns">Columns to store, 1 … 16.</param>
    /// <param name="kPairs">K/2 (K padded to even).</param>
    /// <param name="a">Row 0 of the packed activations (int16, K padded to even).</param>
    /// <param name="aStride">Distance between rows of <paramref name="a"/>, in int16.</param>
    /// <param name="w">The panel (<see cref="QS8GemmWeights.Panel"/>).</param>
    /// <param name="p">The panel's parameters (<see cref="QS8GemmWeights.PanelParams"/>): its first 8-slot
    /// block, the second following at +<paramref name="blockInts"/>; or its one 16-slot block.</param>
    /// <param name="blockInts">Ints per parameter block.</param>
    /// <param name="c">Output element (row 0, column 0).</param>
    /// <param name="cStride">Distance between output rows, in bytes.</param>
    /// <param name="output">Zero point and clamp.</param>
    static abstract void Run<TRequant>(int rows, int columns, int kPairs, short* a, nint aStride, short* w, int* p, int blockInts,
        sbyte* c, nint cStride, in QS8OutputParams output) where TRequant : IQS8Requantization;
}
