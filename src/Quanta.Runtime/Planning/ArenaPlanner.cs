namespace Quanta.Runtime;

/// <summary>
/// Assigns arena offsets to buffers with known lifetimes so that buffers alive at the same time
/// never overlap, in TFLite's "greedy by size" manner: the largest buffers are placed first, each
/// at the lowest offset where it fits between the buffers already placed that overlap it in time.
/// </summary>
public static class ArenaPlanner
{
    /// <summary>Every offset is a multiple of this, so SIMD loads of any buffer start on a cache line.</summary>
    public const int Alignment = 64;

    /// <summary>One buffer to place: its size and the steps during which it is alive (inclusive).</summary>
    /// <param name="Bytes">Size in bytes.</param>
    /// <param name="FirstStep">The step that writes it (−1 for graph inputs).</param>
    /// <param name="LastStep">The last step that reads it.</param>
    public readonly record struct Request(long Bytes, int FirstStep, int LastStep);

    /// <summary>Places the buffers.</summary>
    /// <returns>The offset of each request, and the total arena size.</returns>
    public static (long[] Offsets, long TotalBytes) Plan(IReadOnlyList<Request> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var order = Enumerable.Range(0, requests.Count)
            .OrderByDescending(i => requests[i].Bytes).ThenBy(i => requests[i].FirstStep).ToArray();
        var offsets = new long[requests.Count];
        var placed = new List<int>();
        long total = 0;
        foreach (int i in order)
        {
            var r = requests[i];
            long size = AlignUp(r.Bytes);
            // Buffers alive at the same time as this one, by offset.
            var conflicts = placed
                .Where(j => requests[j].FirstStep <= r.LastStep && r.FirstStep <= requests[j].LastStep)
                .OrderBy(j => offsets[j]);
            long candidate = 0;
            foreach (int j in conflicts)
            {
                if (offsets[j] >= candidate + size) break; // fits in the gap before j
                candidate = Math.Max(candidate, offsets[j] + AlignUp(requests[j].Bytes));
            }
            offsets[i] = candidate;
            total = Math.Max(total, candidate + size);
            placed.Add(i);
        }
        return (offsets, total);
    }

    /// <summary>Rounds up to <see cref="Alignment"/>.</summary>
    public static long AlignUp(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;
}
