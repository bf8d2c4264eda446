using System.Runtime.ExceptionServices;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Work split into independent tiles; a worker computes a contiguous range of them.</summary>
internal interface ITiledWork
{
    /// <summary>Computes tiles [<paramref name="first"/>, +<paramref name="count"/>) with the scratch of
    /// <paramref name="worker"/> (0 … threads − 1; no two concurrent calls share a worker index).</summary>
    void RunTiles(int first, int count, int worker);
}

/// <summary>
/// The intra-op threads of <see cref="SessionOptions.Threads"/>: <c>threads − 1</c> background
/// threads plus the caller, shared by every kernel of every session that asks for that many.
/// Two ways to split a run:
/// <list type="bullet">
/// <item><see cref="Run(ITiledWork, int, int)"/>: worker i always takes the contiguous range
/// [i·T/n, (i+1)·T/n) and knows its index, so it can use per-worker scratch (the int8 kernels).</item>
/// <item><see cref="Run(IParallelTask, int)"/>: workers take task indices from a shared counter until
/// none are left, which balances uneven tasks (the float kernels).</item>
/// </list>
/// Either way a tile or task is computed by the same instruction sequence whichever thread takes it,
/// so results do not depend on the thread count. Dispatching allocates nothing.
/// </summary>
/// <remarks>One pool per thread count; a lock serializes concurrent runs on the same pool.</remarks>
internal sealed class IntraOpThreadPool : IParallelRunner
{
    private static readonly Dictionary<int, IntraOpThreadPool> s_pools = [];
    private readonly object _runLock = new();
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done = new(1);

    // The run in progress: a tiled work (static ranges) or a task list (shared counter).
    private ITiledWork? _tiled;
    private IParallelTask? _tasks;
    private int _count, _next;
    private Exception? _failure;

    private IntraOpThreadPool(int threads)
    {
        Threads = threads;
        _start = new SemaphoreSlim[threads - 1];
        for (int i = 0; i < _start.Length; i++)
        {
            _start[i] = new SemaphoreSlim(0);
            int worker = i + 1;
            new Thread(() => Loop(worker)) { IsBackground = true, Name = $"Quanta intra-op {worker}/{threads}" }.Start();
        }
    }

    /// <summary>Workers per run, the caller included.</summary>
    public int Threads { get; }

    /// <summary>The shared pool for <paramref name="threads"/> threads (created on first use).</summary>
    public static IntraOpThreadPool For(int threads)
    {
        threads = Math.Max(threads, 1);
        lock (s_pools)
        {
            if (!s_pools.TryGetValue(threads, out var pool)) s_pools[threads] = pool = new IntraOpThreadPool(threads);
            return pool;
        }
    }

    /// <summary>A task runner for <paramref name="threads"/> threads: the serial runner for one.</summary>
    public static IParallelRunner Runner(int threads) => threads <= 1 ? SerialRunner.Instance : For(threads);

    /// <summary>Runs <paramref name="tiles"/> tiles of <paramref name="work"/> on every worker and waits.</summary>
    /// <remarks>With one thread, or one tile, the caller does everything without synchronization.</remarks>
    public static void Run(ITiledWork work, int tiles, int threads)
    {
        if (threads <= 1 || tiles <= 1)
        {
            if (tiles > 0) work.RunTiles(0, tiles, 0);
            return;
        }
        var pool = For(threads);
        lock (pool._runLock)
        {
            pool._tiled = work;
            pool._count = tiles;
            pool.Dispatch(Math.Min(pool._start.Length, tiles - 1));
        }
    }

    /// <summary>Runs tasks 0 … <paramref name="count"/> − 1 of <paramref name="task"/> and waits.</summary>
    public void Run(IParallelTask task, int count)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (count <= 1 || Threads == 1)
        {
            for (int i = 0; i < count; i++) task.Execute(i);
            return;
        }
        lock (_runLock)
        {
            _tasks = task;
            _count = count;
            _next = -1;
            Dispatch(Math.Min(_start.Length, count - 1));
        }
    }

    // Wakes the first `helpers` workers, does the caller's share, waits for theirs, rethrows the first failure.
    private void Dispatch(int helpers)
    {
        _failure = null;
        _done.Reset(helpers + 1);
        for (int i = 0; i < helpers; i++) _start[i].Release();
        try
        {
            Share(0, helpers + 1);
        }
        finally
        {
            _done.Wait();
            _tiled = null;
            _tasks = null;
        }
        if (_failure is not null) ExceptionDispatchInfo.Capture(_failure).Throw();
    }

    private void Loop(int worker)
    {
        while (true)
        {
            _start[worker - 1].Wait();
            // Workers are released in index order, so the run uses workers 0 … CurrentCount − 1.
            Share(worker, _done.InitialCount);
        }
    }

    private void Share(int worker, int workers)
    {
        try
        {
            if (_tiled is { } tiled)
            {
                long first = (long)_count * worker / workers, end = (long)_count * (worker + 1) / workers;
                if (end > first) tiled.RunTiles((int)first, (int)(end - first), worker);
            }
            else
            {
                int i;
                while ((i = Interlocked.Increment(ref _next)) < _count) _tasks!.Execute(i);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            // Stop the others from taking more tasks (far enough from int.MaxValue that their last
            // increments cannot wrap around to a negative index).
            Interlocked.Exchange(ref _next, int.MaxValue / 2);
        }
        finally
        {
            _done.Signal();
        }
    }
}
