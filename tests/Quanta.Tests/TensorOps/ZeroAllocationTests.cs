using Quanta.Core;
using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.TensorOps;

public class ZeroAllocationTests
{
    [Fact]
    public void DataMovementReductionAndSoftmaxStepsAllocateNothingPerRun()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(2, 3, 4));
        var idx = g.AddInput("idx", DataType.Int64, new Shape(2));
        Value Step(string op, Value?[] inputs, Action<Node>? attrs = null, int outputs = 1)
        {
            var outs = Enumerable.Range(0, outputs).Select(i => g.AddValue(g.UniqueName(op))).ToArray();
            var node = g.AddNode(op, inputs, outs, g.UniqueName(op + "_node"));
            attrs?.Invoke(node);
            return outs[0];
        }
        Value C(long[] v) => g.AddConstant(g.UniqueName("c"), Tensor.Vector(v));
        var t = Step("Transpose", [x], n => n.Attributes.Set("perm", [0L, 2L, 1L]));          // [2,4,3]
        var s = Step("Slice", [t, C([1]), C([4]), C([1])]);                                    // [2,3,3]
        var p = Step("Pad", [s, C([0, 1, 0, 0, 0, 1])], n => n.Attributes.Set("mode", "reflect")); // [2,4,4]
        var c = Step("Concat", [p, p], n => n.Attributes.Set("axis", 2L));                      // [2,4,8]
        var sm = Step("Softmax", [c]);
        var r = Step("ReduceMean", [sm], n => n.Attributes.Set("axes", [1L]));                  // [2,1,8]
        var gth = Step("Gather", [r, idx], n => n.Attributes.Set("axis", 2L));                  // [2,1,2]
        var am = Step("ArgMax", [c], n => n.Attributes.Set("axis", -1L));
        var e = Step("Expand", [gth, C([2, 3, 2])]);
        var sp = Step("Split", [e, C([1, 2])], n => n.Attributes.Set("axis", 1L), outputs: 2);
        var ca = Step("Cast", [am], n => n.Attributes.Set("to", (long)DataType.Float32));
        g.Outputs.AddRange([sp, ca]);
        using var session = new InferenceSession(new Model(g) { Opsets = { [""] = 17 } });

        Tensor[] inputs = [Nd.Random(new Random(2), 3, 2, 3, 4), Tensor.Vector(7L, -8L)];
        var outputs = session.Outputs.Select(o => Tensor.Zeros(o.Type, o.Shape!)).ToArray();
        session.Run(inputs, outputs);
        Assert.Equal(11, session.Plan!.Steps.Count);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) session.Run(inputs, outputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
