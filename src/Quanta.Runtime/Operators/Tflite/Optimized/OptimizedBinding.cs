using Quanta.Core;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>What the optimized int8 bindings share beyond the reference bindings' validation.</summary>
internal static class OptimizedBinding
{
    /// <summary>The session's intra-op thread count (at least 1).</summary>
    public static int Threads(KernelContext c) => Math.Max(c.Options.Threads, 1);

    /// <summary>True when the weights (input 1) and the bias (input 2, if present) are constants,
    /// which packing at bind time needs.</summary>
    public static bool ConstantWeights(KernelContext c, out Tensor weights, out Tensor? bias)
    {
        weights = c.InputData(1)!;
        bias = c.InputData(2);
        return weights is not null && (!c.HasInput(2) || bias is not null);
    }

    /// <summary>True when the node asks for ONNX's float output stage (<c>quanta_requantization = fp32</c>,
    /// set by <see cref="NhwcQuantizedLowering"/>); the reference binding has validated the value.</summary>
    public static bool Fp32Requantization(KernelContext c) =>
        c.Attributes.GetString(NhwcQuantizedLowering.RequantizationAttribute, "") == NhwcQuantizedLowering.Fp32Requantization;

    /// <summary>
    /// Per output channel (or one, per tensor), <c>x_scale · w_scale[c] / y_scale</c> in float in ONNX
    /// Runtime's order (<see cref="Kernels.Arithmetic.FloatRequantization.Multiplier"/>), from the
    /// parameters on input 0, the weights (input 1) and output 0.
    /// </summary>
    public static float[] Fp32Scales(KernelContext c)
    {
        var x = c.Input(0).Quant!;
        var w = c.Input(1).Quant!;
        var y = c.Outputs[0].Quant!;
        var scales = new float[w.Count];
        for (int i = 0; i < scales.Length; i++) scales[i] = Kernels.Arithmetic.FloatRequantization.Multiplier(x.Scale, w.Scales[i], y.Scale);
        return scales;
    }

    /// <summary>The output clamp narrowed by the ONNX ops' <c>quanta_output_min</c>/<c>quanta_output_max</c>.</summary>
    public static QS8OutputParams Fp32Output(KernelContext c, int zeroPoint, int min, int max)
    {
        long lo = c.Attributes.GetInt(NhwcQuantizedLowering.OutputMin, min), hi = c.Attributes.GetInt(NhwcQuantizedLowering.OutputMax, max);
        lo = Math.Max(lo, min);
        hi = Math.Min(hi, max);
        if (lo > hi) throw c.Invalid($"output clamp [{lo}, {hi}] is empty");
        return new QS8OutputParams(zeroPoint, (int)lo, (int)hi);
    }

    /// <summary>The error for an fp32-requantized node the optimized kernel cannot take (the reference
    /// kernels do not implement that output stage).</summary>
    public static UnsupportedException Fp32Unsupported(KernelContext c) =>
        c.Unsupported($"{NhwcQuantizedLowering.RequantizationAttribute} = fp32 needs int8 activations and constant weights and bias");

    /// <summary><paramref name="reference"/> (an optimized binding's fallback) under the name of the
    /// reference kernel entry, so that plans do not report an optimized kernel that does not run.</summary>
    public static IKernel AsReference(KernelContext c, IKernel reference) =>
        OptimizedFloatBinding.Named(reference, c.Options.Kernels.Find(c.Node.Domain, c.Node.OpType, c.Input(0).Type, Isa.Reference)?.Name ?? "reference");

    /// <summary>Packs, or returns null when the packed form cannot represent a parameter (a
    /// requantization shift outside [−31, 31]); the caller then keeps the reference kernel.</summary>
    public static T? PackOrNull<T>(Func<T> pack) where T : class
    {
        try
        {
            return pack();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
