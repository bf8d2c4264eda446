using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary><see cref="ResidualAddFusion"/> on the lowered <see cref="SmallCnn"/>: its residual
/// ADD(RELU) joins the pointwise CONV_2D, unless the conv's output has another reader.</summary>
public class ResidualAddFusionTests
{
    private static Graph Lowered(Action<Graph>? edit = null)
    {
        var graph = SmallCnn.Build().Graph.Clone();
        edit?.Invoke(graph);
        NhwcLowering.Run(graph, 17);
        PadFusion.Run(graph);
        FloatActivationFusion.Run(graph);
        return graph;
    }

    [Fact]
    public void FusesTheResidualAddIntoThePointwiseConv()
    {
        var graph = Lowered();
        int adds = graph.Nodes.Count(n => n.OpType == "ADD");
        Assert.Equal(1, ResidualAddFusion.Run(graph));
        Assert.Equal(adds - 1, graph.Nodes.Count(n => n.OpType == "ADD"));
        var conv = Assert.Single(graph.Nodes, n => n.OpType == "CONV_2D" && n.Inputs.Count == 4);
        Assert.Equal("RELU", conv.Attributes.GetString("fused_activation_function", "NONE"));
        // The fused node reads the residual, so it must come after the residual's producer.
        var residualProducer = conv.Inputs[3]!.Producer;
        if (residualProducer is not null) Assert.True(graph.Nodes.ToList().IndexOf(residualProducer) < graph.Nodes.ToList().IndexOf(conv));
    }

    [Fact]
    public void KeepsTheAddWhenTheConvOutputHasAnotherReader()
    {
        // The pointwise conv's output also leaves the graph: the ADD cannot take it over.
        var graph = Lowered(g => g.Outputs.Add(g.Nodes.Single(n => n.Name == "pw").Outputs[0]));
        Assert.Equal(0, ResidualAddFusion.Run(graph));
        Assert.Contains(graph.Nodes, n => n.OpType == "ADD");
    }
}
