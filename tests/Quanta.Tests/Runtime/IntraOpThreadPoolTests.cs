using Quanta.Kernels;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Runtime;

/// <summary>The one intra-op pool: both ways of splitting a run cover every tile or task exactly
/// once, give each concurrent tiled range its own worker index, and surface a failure.</summary>
public sealed class IntraOpThreadPoolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void TiledRunsCoverEveryTileOnceWithDistinctWorkers(int threads)
    {
        for (int tiles = 0; tiles <= 13; tiles++)
        {
            var work = new CountingTiles(tiles, threads);
            IntraOpThreadPool.Run(work, tiles, threads);
            Assert.All(work.Hits, h => Assert.Equal(1, h));
            Assert.True(work.Workers.All(w => w <= 1), $"a worker index was used twice at once ({tiles} tiles, {threads} threads)");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void TaskRunsExecuteEveryIndexOnce(int threads)
    {
        var runner = IntraOpThreadPool.Runner(threads);
        Assert.Equal(threads, runner.Threads);
        for (int count = 0; count <= 40; count += 3)
        {
            var tasks = new CountingTasks(count);
            runner.Run(tasks, count);
            Assert.All(tasks.Hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void TiledAndTaskRunsAlternateOnTheSamePool()
    {
        var pool = IntraOpThreadPool.For(3);
        for (int round = 0; round < 50; round++)
        {
            var tasks = new CountingTasks(17);
            pool.Run(tasks, 17);
            var tiles = new CountingTiles(11, 3);
            IntraOpThreadPool.Run(tiles, 11, 3);
            Assert.All(tasks.Hits, h => Assert.Equal(1, h));
            Assert.All(tiles.Hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void AFailingTaskIsRethrownAndThePoolKeepsWorking()
    {
        var pool = IntraOpThreadPool.For(4);
        var e = Assert.Throws<InvalidOperationException>(() => pool.Run(new FailingTasks(7), 64));
        Assert.Equal("task 7 failed", e.Message);
        var failingTiles = new FailingTiles(5);
        Assert.Throws<InvalidOperationException>(() => IntraOpThreadPool.Run(failingTiles, 12, 4));
        var tasks = new CountingTasks(64);
        pool.Run(tasks, 64);
        Assert.All(tasks.Hits, h => Assert.Equal(1, h));
    }

    private sealed class CountingTiles(int tiles, int threads) : ITiledWork
    {
        private readonly int[] _active = new int[threads];

        public int[] Hits { get; } = new int[tiles];

        public List<int> Workers { get; } = [];

        public void RunTiles(int first, int count, int worker)
        {
            int active = Interlocked.Increment(ref _active[worker]);
            lock (Workers) Workers.Add(active);
            for (int t = first; t < first + count; t++) Interlocked.Increment(ref Hits[t]);
            Thread.SpinWait(200);
            Interlocked.Decrement(ref _active[worker]);
        }
    }

    private sealed class CountingTasks(int count) : IParallelTask
    {
        public int[] Hits { get; } = new int[count];

        public void Execute(int index) => Interlocked.Increment(ref Hits[index]);
    }

    private sealed class FailingTasks(int failing) : IParallelTask
    {
        public void Execute(int index)
        {
            if (index == failing) throw new InvalidOperationException($"task {index} failed");
        }
    }

    private sealed class FailingTiles(int failing) : ITiledWork
    {
        public void RunTiles(int first, int count, int worker)
        {
            if (failing >= first && failing < first + count) throw new InvalidOperationException($"tile {failing} failed");
        }
    }
}
