using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Runtime;

public class ArenaPlannerTests
{
    [Fact]
    public void BuffersAliveTogetherNeverOverlapAndDeadOnesAreReused()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var requests = Enumerable.Range(0, rng.Next(1, 30)).Select(_ =>
            {
                int a = rng.Next(-1, 20), b = rng.Next(-1, 20);
                return new ArenaPlanner.Request(rng.Next(0, 5000), Math.Min(a, b), Math.Max(a, b));
            }).ToList();
            var (offsets, total) = ArenaPlanner.Plan(requests);
            for (int i = 0; i < requests.Count; i++)
            {
                Assert.Equal(0, offsets[i] % ArenaPlanner.Alignment);
                Assert.True(offsets[i] + requests[i].Bytes <= total);
                for (int j = i + 1; j < requests.Count; j++)
                {
                    bool timeOverlap = requests[i].FirstStep <= requests[j].LastStep && requests[j].FirstStep <= requests[i].LastStep;
                    bool memOverlap = offsets[i] < offsets[j] + requests[j].Bytes && offsets[j] < offsets[i] + requests[i].Bytes;
                    Assert.False(timeOverlap && memOverlap && requests[i].Bytes > 0 && requests[j].Bytes > 0, $"trial {trial}: {i} and {j} overlap");
                }
            }
        }
        // A chain a→b→c: a and c can share memory.
        var (chain, chainTotal) = ArenaPlanner.Plan([new(1000, 0, 1), new(1000, 1, 2), new(1000, 2, 3)]);
        Assert.Equal(chain[0], chain[2]);
        Assert.Equal(2 * ArenaPlanner.AlignUp(1000), chainTotal);
    }
}
