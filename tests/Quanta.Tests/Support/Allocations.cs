namespace Quanta.Tests.Support;

/// <summary>Measures steady-state allocation of a repeated action on the current thread.</summary>
public static class Allocations
{
    /// <summary>
    /// The fewest bytes allocated by <paramref name="runs"/> calls of <paramref name="action"/> over up
    /// to <paramref name="windows"/> measurement windows (stopping at the first that allocates nothing).
    /// </summary>
    /// <remarks>The runtime's tiered JIT occasionally allocates on the calling thread when it promotes a
    /// hot method mid-window; a run that allocates by itself allocates in every window, so taking the
    /// minimum hides only that one-off noise.</remarks>
    public static long SteadyState(Action action, int runs = 20, int windows = 3)
    {
        ArgumentNullException.ThrowIfNull(action);
        long fewest = long.MaxValue;
        for (int w = 0; w < windows && fewest > 0; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < runs; i++) action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
