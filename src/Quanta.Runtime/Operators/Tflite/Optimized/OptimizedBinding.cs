using Quanta.Core;

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
