using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Intra-op threads for the optimized kernels: the caller and <c>threads − 1</c> background
/// workers take task indices from a shared counter until none are left. Which thread runs a task
/// never changes its result (tasks write disjoint outputs with a fixed instruction sequence), so
/// results are identical for any thread count. Dispatch allocates nothing.
/// </summary>
internal sealed class WorkerPool : IParallelRunner
{
    private static readonly Dictionary<int, IParallelRunner> s_pools = [];
    private readonly object _gate = new();
    private readonly SemaphoreSlim _start = new(0);
    private readonly CountdownEvent _done = new(1);
    private readonly int _workers;
    private IParallelTask? _task;
    private int _count, _next;
    private Exception? _error;

    private WorkerPool(int threads)
    {
        Threads = threads;
        _workers = threads - 1;
        for (int i = 0; i < _workers; i++)
        {
            var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"quanta-worker-{i + 1}/{threads}" };
            thread.Start();
        }
    }

    /// <summary>The runner for <paramref name="threads"/> threads (shared by every session that asks for that many).</summary>
    public static IParallelRunner For(int threads)
    {
        if (threads <= 1) return SerialRunner.Instance;
        lock (s_pools)
        {
            if (!s_pools.TryGetValue(threads, out var pool)) s_pools[threads] = pool = new WorkerPool(threads);
            return pool;
        }
    }

    /// <inheritdoc/>
    public int Threads { get; }

    /// <inheritdoc/>
    public void Run(IParallelTask task, int count)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (count <= 1)
        {
            if (count == 1) task.Execute(0);
            return;
        }
        lock (_gate)
        {
            _task = task;
            _count = count;
            _next = -1;
            _error = null;
            int helpers = Math.Min(_workers, count - 1);
            _done.Reset(helpers + 1);
            _start.Release(helpers);
            Work();
            _done.Wait();
            _task = null;
            if (_error is { } e) throw new AggregateException("an intra-op task failed", e);
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _start.Wait();
            Work();
        }
    }

    private void Work()
    {
        try
        {
            int i;
            while ((i = Interlocked.Increment(ref _next)) < _count) _task!.Execute(i);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
            // Stop the others from taking more tasks.
            Interlocked.Exchange(ref _next, int.MaxValue - 1);
        }
        finally
        {
            _done.Signal();
        }
    }
}
