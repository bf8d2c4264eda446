namespace Quanta.Kernels.Optimized;

/// <summary>
/// A depthwise int8 microkernel: one output pixel, every channel, from a list of tap pointers
/// (XNNPACK's indirection: padded taps point at a buffer of input zero points), with bias,
/// requantization and clamp fused. A struct with static members, so drivers are compiled per kernel.
/// </summary>
public unsafe interface IQS8DwconvMicrokernel
{
    /// <summary>
    /// For <paramref name="pixels"/> output pixels: <c>out[c] = requantize(Σ_t w[t, c]·taps[t][c] + bias[c])</c>
    /// for c &lt; channels, then every tap pointer advances by <paramref name="tapStep"/> bytes and the
    /// output by <paramref name="channels"/> (a run of pixels along a row, XNNPACK's indirection with
    /// a constant step).
    /// </summary>
    /// <param name="pixels">Output pixels (1 for a single pixel).</param>
    /// <param name="channels">Channels to compute and store.</param>
    /// <param name="weights">Packed weights and parameters (<see cref="QS8DepthwiseWeights"/>).</param>
    /// <param name="taps">2·TapPairs pointers, each to the pixel's channel 0; the kernel reads
    /// channels [0, channels) from each and advances them (the array is modified).</param>
    /// <param name="tapStep">Bytes between the taps of consecutive pixels.</param>
    /// <param name="output">Channel 0 of the first output pixel.</param>
    /// <param name="quantization">Zero point and clamp.</param>
    static abstract void Run<TRequant>(int pixels, int channels, QS8DepthwiseWeights weights, sbyte** taps, nint tapStep, sbyte* output,
        in QS8OutputParams quantization) where TRequant : IQS8Requantization;
}
