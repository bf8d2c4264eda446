using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Broadcast offsets of a binary op's two inputs, computed once (empty when an input already has the output's shape).</summary>
internal readonly struct BinaryBroadcast
{
    public BinaryBroadcast(KernelContext c)
    {
        var y = c.OutputShape(0);
        var a = c.InputShape(0);
        var b = c.InputShape(1);
        if (a == y && b == y)
        {
            A = [];
            B = [];
            return;
        }
        try
        {
            var indexer = new BroadcastIndexer(y.Dims, a.ToArray(), b.ToArray());
            A = new long[y.ElementCount];
            B = new long[y.ElementCount];
            indexer.Fill([A, B]);
        }
        catch (ArgumentException e)
        {
            throw c.Invalid($"inputs {a} and {b} do not broadcast to {y}: {e.Message}");
        }
        if (a == y) A = [];
        if (b == y) B = [];
    }

    public long[] A { get; }

    public long[] B { get; }
}
