namespace Quanta.Core;

/// <summary>
/// Folds an inference-mode BatchNormalization into the Conv or Gemm that feeds it, when that
/// producer has constant weights and the BatchNormalization is its output's only reader.
/// </summary>
/// <remarks>
/// BatchNormalization computes <c>y = (x − mean)·s + β</c> per channel with
/// <c>s = γ / √(var + ε)</c>. With <c>x = W∗a + b</c> this is <c>(W·s)∗a + ((b − mean)·s + β)</c>:
/// output channel <c>c</c> of the weights is scaled by <c>s[c]</c> and the bias becomes
/// <c>(b[c] − mean[c])·s[c] + β[c]</c>. Conv's output channels are weight axis 0 (OIHW); Gemm's
/// are the columns of op(B), i.e. axis 0 of B when transB = 1 and axis 1 otherwise. Arithmetic is
/// in double and rounded once to float.
/// </remarks>
public sealed class BatchNormFolding : IGraphPass
{
    /// <inheritdoc/>
    public string Name => "batchnorm-folding";

    /// <inheritdoc/>
    public int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int folded = 0;
        foreach (var bn in graph.Nodes.Where(n => n.Domain.Length == 0 && n.OpType == "BatchNormalization").ToList())
        {
            if (TryFold(graph, bn)) folded++;
        }
        return folded;
    }

    private static bool TryFold(Graph graph, Node bn)
    {
        if (bn.Attributes.GetInt("training_mode", 0) != 0) return false;
        if (bn.Outputs.Skip(1).Any(o => graph.ConsumersOf(o).Count > 0 || graph.Outputs.Contains(o))) return false;
        if (bn.InputOrNull(0) is not { Producer: { } producer } x) return false;
        if (!GraphEdits.HasSingleReader(graph, x, out _)) return false;
        var stats = Enumerable.Range(1, 4).Select(i => GraphEdits.ConstantInput(bn, i)).ToArray();
        if (Array.Exists(stats, t => t is null || t.Type != DataType.Float32)) return false;
        var (scale, shift) = Coefficients(stats!, bn.Attributes.GetFloat("epsilon", 1e-5f));

        bool isConv = producer is { Domain: "", OpType: "Conv" };
        bool isGemm = producer is { Domain: "", OpType: "Gemm" };
        if (!isConv && !isGemm) return false;
        var w = GraphEdits.ConstantInput(producer, 1);
        if (w is null || w.Type != DataType.Float32 || w.Shape.Rank < 2) return false;
        int channelAxis = isGemm && producer.Attributes.GetInt("transB", 0) == 0 ? 1 : 0;
        int channels = w.Shape[channelAxis];
        if (scale.Length != channels) return false;

        var bias = BiasOf(producer, isGemm, channels);
        if (bias is null) return false;

        var newW = ScaleAlongAxis(w, channelAxis, scale);
        var newB = new float[channels];
        for (int c = 0; c < channels; c++) newB[c] = (float)((bias[c] - stats[2]!.AsSpan<float>()[c]) * scale[c] + shift[c]);

        var wValue = graph.AddConstant(graph.UniqueName(producer.Inputs[1]!.Name + "_bnfolded"), newW);
        var bValue = graph.AddConstant(graph.UniqueName((producer.InputOrNull(2)?.Name ?? producer.Name + "_bias") + "_bnfolded"), Tensor.Vector(newB));
        producer.Inputs[1] = wValue;
        while (producer.Inputs.Count < 3) producer.Inputs.Add(null);
        producer.Inputs[2] = bValue;
        if (isGemm) producer.Attributes.Set("beta", 1f);

        var y = bn.Outputs[0];
        graph.RemoveNode(bn);
        GraphEdits.Redirect(graph, producer, 0, y);
        foreach (var extra in bn.Outputs.Skip(1)) graph.RemoveValue(extra);
        return true;
    }

    /// <summary>The per-channel scale s = γ/√(var+ε) and shift β (empty when the statistics'
    /// lengths differ).</summary>
    private static (double[] Scale, double[] Shift) Coefficients(Tensor?[] stats, float epsilon)
    {
        var gamma = stats[0]!.ToFloatArray();
        var beta = stats[1]!.ToFloatArray();
        var variance = stats[3]!.ToFloatArray();
        int n = gamma.Length;
        if (beta.Length != n || stats[2]!.ElementCount != n || variance.Length != n) return ([], []);
        var scale = new double[n];
        var shift = new double[n];
        for (int c = 0; c < n; c++)
        {
            scale[c] = gamma[c] / Math.Sqrt((double)variance[c] + epsilon);
            shift[c] = beta[c];
        }
        return (scale, shift);
    }

    /// <summary>The producer's bias as one value per channel (zeros when absent), with Gemm's beta
    /// applied; null when its shape is not per-channel.</summary>
    private static double[]? BiasOf(Node producer, bool isGemm, int channels)
    {
        var b = producer.InputOrNull(2);
        if (b is null) return new double[channels];
        if (b.Constant is not { Type: DataType.Float32 } t) return null;
        double beta = isGemm ? producer.Attributes.GetFloat("beta", 1f) : 1.0;
        var values = t.ToFloatArray();
        if (values.Length == 1) return Enumerable.Repeat(values[0] * beta, channels).ToArray();
        if (values.Length != channels || t.Shape.Dims.ToArray().Count(d => d != 1) > 1) return null;
        return values.Select(v => v * beta).ToArray();
    }

    private static Tensor ScaleAlongAxis(Tensor w, int axis, double[] scale)
    {
        var src = w.ToFloatArray();
        var dst = new float[src.Length];
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= w.Shape[d];
        for (int d = axis + 1; d < w.Shape.Rank; d++) inner *= w.Shape[d];
        int n = w.Shape[axis];
        for (int o = 0; o < outer; o++)
        {
            for (int c = 0; c < n; c++)
            {
                int start = (o * n + c) * inner;
                for (int i = 0; i < inner; i++) dst[start + i] = (float)(src[start + i] * scale[c]);
            }
        }
        return Tensor.FromArray(w.Shape, dst);
    }
}
