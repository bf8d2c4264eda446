using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Runtime;

public class InferenceSessionTests
{
    private static Model AddReluModel(Shape? inputShape = null)
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, inputShape ?? new Shape(Shape.Unknown, 3));
        var bias = g.AddConstant("bias", Tensor.Vector(1f, -2f, 3f));
        var sum = g.AddValue("sum");
        var y = g.AddValue("y");
        g.AddNode("Add", [x, bias], [sum], "add");
        g.AddNode("Relu", [sum], [y], "relu");
        g.Outputs.Add(y);
        return new Model(g, ModelFormat.None) { Opsets = { [""] = 17 } };
    }

    [Fact]
    public void RunsAGraphWithBroadcastingAndDynamicBatch()
    {
        using var session = new InferenceSession(AddReluModel());
        var x = Tensor.FromArray(new Shape(2, 3), [0f, 1f, -5f, -1f, 3f, 0f]);
        var y = session.Run(x)[0];
        Assert.Equal(new Shape(2, 3), y.Shape);
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 3f], y.ToArray<float>());

        // A second batch size compiles a second plan; the first is reused afterwards.
        var y1 = session.Run(Tensor.FromArray(new Shape(1, 3), [1f, 1f, 1f]))[0];
        Assert.Equal([2f, 0f, 4f], y1.ToArray<float>());
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 3f], session.Run(x)[0].ToArray<float>());
    }

    [Fact]
    public void RejectsInputsOfTheWrongShapeTypeOrCount()
    {
        using var session = new InferenceSession(AddReluModel());
        var e = Assert.Throws<InvalidInputException>(() => session.Run(Tensor.FromArray(new Shape(2, 4), new float[8])));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("[?,3]", e.Message);
        Assert.Throws<InvalidInputException>(() => session.Run(Tensor.FromArray(new Shape(1, 3), new int[3])));
        Assert.Throws<InvalidInputException>(() => session.Run());
        var missing = Assert.Throws<InvalidInputException>(() => session.Run(new Dictionary<string, Tensor>()));
        Assert.Contains("'x'", missing.Message);
    }

    [Fact]
    public void ZeroAllocationRunWritesIntoCallerTensors()
    {
        using var session = new InferenceSession(AddReluModel(new Shape(1, 3)));
        var x = Tensor.FromArray(new Shape(1, 3), [1f, 1f, 1f]);
        var y = Tensor.Zeros(DataType.Float32, new Shape(1, 3));
        Tensor[] inputs = [x], outputs = [y];
        session.Run(inputs, outputs);
        long allocated = Allocations.SteadyState(() => session.Run(inputs, outputs), runs: 100);
        Assert.Equal([2f, 0f, 4f], y.ToArray<float>());
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void UnknownOpIsNamedWithItsNode()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1));
        var y = g.AddValue("y");
        g.AddNode("FancyOp", [x], [y], "fancy_1");
        g.Outputs.Add(y);
        var e = Assert.Throws<UnsupportedOperatorException>(() => new InferenceSession(new Model(g)));
        Assert.Contains("FancyOp", e.Message);
        Assert.Contains("fancy_1", e.Message);
    }
}
