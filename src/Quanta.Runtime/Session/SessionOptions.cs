namespace Quanta.Runtime;

/// <summary>Options of an <see cref="InferenceSession"/>.</summary>
public sealed class SessionOptions
{
    /// <summary>Intra-op threads a kernel may use (1 = single-threaded, the default). Results are
    /// identical for any thread count.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The best instruction set kernels may use; <see cref="Isa.Reference"/> runs the
    /// reference kernels only. Defaults to what the CPU supports.</summary>
    public Isa MaxIsa { get; init; } = CpuFeatures.Best;

    /// <summary>Rewrite a copy of the graph for speed before compiling it (NHWC lowering of ONNX
    /// ops, transpose cancelling, PAD and activation fusion; see docs/decisions/0004). On by
    /// default; off runs the graph literally as imported, to compare against.</summary>
    public bool OptimizeGraph { get; init; } = true;

    /// <summary>Record the time of every step of each run (see <see cref="InferenceSession.LastProfile"/>).</summary>
    public bool EnableProfiling { get; init; }

    /// <summary>
    /// Recognise QuantizeLinear/DequantizeLinear groups around float ops (ONNX QDQ models) and run them
    /// as integer ops (QLinearConv, QGemm, …) — the default. The session rewrites a copy of the model's
    /// graph; <see cref="InferenceSession.Fusions"/> lists what was fused. When false, Q/DQ and the float
    /// ops run literally: the model's float QDQ semantics.
    /// </summary>
    public bool FuseQuantizedPatterns { get; init; } = true;

    /// <summary>The kernels to choose from; defaults to every kernel Quanta ships.</summary>
    public KernelRegistry Kernels { get; init; } = KernelRegistry.Default;
}
