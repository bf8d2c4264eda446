using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>What the optimized float bindings share: the fused clamp, constant operands, the
/// intra-op runner, and the hand-over to the reference kernel for nodes they do not cover.</summary>
internal static class OptimizedFloatBinding
{
    /// <summary>The clamp range of the node's fused activation, or null for one that is not a clamp (TANH).</summary>
    public static (float Min, float Max)? ActivationRange(KernelContext context)
    {
        var activation = NeuralNetBinding.ReadActivation(context);
        return activation is FusedActivation.Tanh ? null : activation.FloatRange();
    }

    /// <summary>A constant float input, an empty tensor when the input is absent, or null when it is
    /// not constant. The tensor itself, not a copy: kernels pack from it once, and a copy per layer
    /// would add a whole model's weights to the peak memory of session creation.</summary>
    public static Tensor? ConstantOrEmpty(KernelContext context, int index)
    {
        if (!context.HasInput(index)) return s_empty;
        return context.InputData(index) is { Type: DataType.Float32 } t ? t : null;
    }

    private static readonly Tensor s_empty = new(DataType.Float32, new Shape(0), Memory<byte>.Empty);

    /// <summary>The runner for the session's thread count.</summary>
    public static IParallelRunner Runner(KernelContext context) => IntraOpThreadPool.Runner(context.Options.Threads);

    /// <summary>A factory that tries <paramref name="optimized"/> and otherwise binds the reference
    /// entry registered for the same op (named as such in plans and profiles).</summary>
    public static KernelFactory OrReference(KernelRegistry registry, string domain, string opType, Func<KernelContext, IKernel?> optimized)
    {
        var reference = registry.Find(domain, opType, DataType.Float32, Isa.Reference)
            ?? throw new InvalidOperationException($"no reference kernel for {domain}:{opType} to fall back on");
        // A hybrid conv/fully-connected (int8 weights, float input) has its own kernel, not a float one.
        return c => TfliteHybridKernel.TryCreate(c) ?? optimized(c) ?? new NamedKernel(reference.Create(c), reference.Name);
    }

    /// <summary>Columns a GEMM with panels of <paramref name="width"/> computes for <paramref name="n"/>
    /// outputs: whole panels, and a last panel of half or full width.</summary>
    public static int PaddedColumns(int n, int width)
    {
        int rest = n % width;
        return n - rest + (rest == 0 ? 0 : rest <= width / 2 ? width / 2 : width);
    }

    /// <summary><paramref name="kernel"/> reported under <paramref name="name"/> in plans and profiles.</summary>
    public static IKernel Named(IKernel kernel, string name) => new NamedKernel(kernel, name);

    /// <summary>A kernel run under another name (see <see cref="INamedKernel"/>).</summary>
    private sealed class NamedKernel(IKernel inner, string name) : IKernel, INamedKernel
    {
        public string Name => name;

        public void Run(Tensor?[] inputs, Tensor[] outputs) => inner.Run(inputs, outputs);
    }
}
