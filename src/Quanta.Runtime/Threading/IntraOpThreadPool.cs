using System.Runtime.ExceptionServices;

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
/// threads plus the caller. A run splits the tiles into contiguous, equal ranges — worker i always
/// takes tiles [i·T/n, (i+1)·T/n) — and returns when all are done. Tiles are computed by the same
/// code whichever worker takes them, so results do not depend on the thread count. Dispatching
/// allocates nothing: the work object is the kernel itself.
/// </summary>
/// <remarks>One pool per thread count, shared by every session; a lock serializes concurrent runs.</remarks>
internal sealed class IntraOpThreadPool
{
    private static readonly Dictionary<int, IntraOpThreadPool> s_pools = [];

    private readonly object _runLock = new();
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done;
    private ITiledWork? _work;
    private int _tiles;
    private Exception? _failure;

    private IntraOpThreadPool(int threads)
    {
        Threads = threads;
        _start = new SemaphoreSlim[threads - 1];
        _done = new CountdownEvent(threads - 1);
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

    /// <summary>Runs <paramref name="tiles"/> tiles of <paramref name="work"/> on every worker and waits.</summary>
    /// <remarks>With one thread, or one tile, the caller does everything without synchronization.</remarks>
    public static void Run(ITiledWork work, int tiles, int threads)
    {
        if (threads <= 1 || tiles <= 1)
        {
            if (tiles > 0) work.RunTiles(0, tiles, 0);
            return;
        }
        For(threads).Dispatch(work, tiles);
    }

    private void Dispatch(ITiledWork work, int tiles)
    {
        lock (_runLock)
        {
            _work = work;
            _tiles = tiles;
            _failure = null;
            _done.Reset();
            foreach (var s in _start) s.Release();
            try
            {
                RunShare(0);
            }
            finally
            {
                _done.Wait();
                _work = null;
            }
            if (_failure is not null) ExceptionDispatchInfo.Capture(_failure).Throw();
        }
    }

    private void RunShare(int worker)
    {
        long first = (long)_tiles * worker / Threads, end = (long)_tiles * (worker + 1) / Threads;
        if (end > first) _work!.RunTiles((int)first, (int)(end - first), worker);
    }

    private void Loop(int worker)
    {
        while (true)
        {
            _start[worker - 1].Wait();
            try
            {
                RunShare(worker);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            finally
            {
                _done.Signal();
            }
        }
    }
}
