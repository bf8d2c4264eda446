namespace Quanta.Kernels.Optimized;

/// <summary>
/// A depthwise int8 microkernel: one output pixel, every channel, from a list of tap pointers
/// (XNNPACK's indirection: padded taps point at a buffer of input zero points), with bias,
/// requantization and clamp fused. A struct with static members, so drivers are compiled per kernel.
/// </summary>
public unsafe interface IQS8DwconvMicrokernel
{
    /// <summary><c>out[c] = requantize(Σ_t w[t, c]·taps[t][c] + bias[c])</c> for c &lt; channels.</summary>
    /// <param name="channels">Channels to compute and store.</param>
    /// <param name="weights">Packed weights and parameters (<see cref="QS8DepthwiseWeights"/>).</param>
    /// <param name="taps">2·TapPairs pointers, each to the pixel's channel 0; the kernel reads
    /// channels [0, channels) from each.</param>
    /// <param name="output">Channel 0 of the output pixel.</param>
    /// <param name="output2">Zero point and clamp.</param>
    static abstract void Run<TRequant>(int channels, QS8DepthwiseWeights weights, sbyte** taps, sbyte* output, in QS8OutputParams output2)
        where TRequant : IQS8Requantization;
}
