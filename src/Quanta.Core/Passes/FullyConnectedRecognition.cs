namespace Quanta.Core;

/// <summary>
/// Rewrites fully-connected layers into one canonical form: <c>Gemm(A, W, b)</c> with constant
/// <c>W</c> stored <c>[out, in]</c> (<c>transB = 1</c>, as TFLite's FULLY_CONNECTED and per-row
/// weight quantization want it), <c>alpha = beta = 1</c> and a 1-D bias <c>[out]</c> or none.
/// </summary>
/// <remarks>
/// Two sources: a Gemm with constant B in any other form (B is transposed and scaled by alpha, C
/// by beta), and <c>MatMul(A, W)</c> with 2-D <c>A</c> and constant <c>W [in, out]</c>, optionally
/// followed by <c>Add</c> of a constant that broadcasts as one value per output column. The
/// rewritten node keeps the name of the last output, so graph outputs keep their names.
/// </remarks>
public sealed class FullyConnectedRecognition : IGraphPass
{
    /// <inheritdoc/>
    public string Name => "fully-connected-recognition";

    /// <inheritdoc/>
    public int Run(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int rewrites = 0;
        foreach (var node in graph.Nodes.ToList())
        {
            if (node.Domain.Length != 0) continue;
            bool changed = node.OpType switch
            {
                "Gemm" => CanonicalizeGemm(graph, node),
                "MatMul" => ReplaceMatMul(graph, node),
                _ => false,
            };
            if (changed) rewrites++;
        }
        return rewrites;
    }

    private static bool CanonicalizeGemm(Graph graph, Node gemm)
    {
        var a = gemm.Attributes;
        if (a.GetInt("transA", 0) != 0) return false;
        if (GraphEdits.ConstantInput(gemm, 1) is not { Type: DataType.Float32, Shape.Rank: 2 } w) return false;
        bool transB = a.GetInt("transB", 0) != 0;
        float alpha = a.GetFloat("alpha", 1f), beta = a.GetFloat("beta", 1f);
        int n = transB ? w.Shape[0] : w.Shape[1];
        var c = gemm.InputOrNull(2);
        float[]? bias = null;
        if (c is not null)
        {
            if (c.Constant is not { Type: DataType.Float32 } ct) return false;
            bias = PerColumn(ct, n);
            if (bias is null) return false;
        }
        bool biasCanonical = c is null || c.Constant!.Shape.Rank == 1;
        if (transB && alpha == 1f && beta == 1f && biasCanonical) return false;

        gemm.Inputs[1] = graph.AddConstant(graph.UniqueName(gemm.Inputs[1]!.Name + "_fc"), OutputRows(w, transB, alpha));
        if (bias is not null)
            gemm.Inputs[2] = graph.AddConstant(graph.UniqueName(c!.Name + "_fc"), Tensor.Vector(bias.Select(v => v * beta).ToArray()));
        a.Set("transB", 1L);
        a.Set("alpha", 1f);
        a.Set("beta", 1f);
        return true;
    }

    private static bool ReplaceMatMul(Graph graph, Node matmul)
    {
        if (matmul.InputOrNull(0) is not { Shape.Rank: 2 } input) return false;
        if (GraphEdits.ConstantInput(matmul, 1) is not { Type: DataType.Float32, Shape.Rank: 2 } w) return false;
        int n = w.Shape[1];
        var product = matmul.Outputs[0];
        Node? add = null;
        Tensor? bias = null;
        if (GraphEdits.HasSingleReader(graph, product, out var reader) && reader is { Domain: "", OpType: "Add" } && reader.Inputs.Count == 2)
        {
            var other = reader.Inputs[0] == product ? reader.Inputs[1] : reader.Inputs[0];
            if (other?.Constant is { Type: DataType.Float32 } ct && PerColumn(ct, n) is { } values)
            {
                add = reader;
                bias = Tensor.Vector(values);
            }
        }

        int index = graph.Nodes.ToList().IndexOf(matmul);
        var output = add?.Outputs[0] ?? product;
        string name = add?.Name ?? matmul.Name;
        if (add is not null) graph.RemoveNode(add);
        graph.RemoveNode(matmul);
        var weights = graph.AddConstant(graph.UniqueName(matmul.Inputs[1]!.Name + "_fc"), OutputRows(w, transB: false, alpha: 1f));
        var biasValue = bias is null ? null : graph.AddConstant(graph.UniqueName(name + "_bias"), bias);
        var gemm = graph.InsertNode(index, "Gemm", [input, weights, biasValue], [output], name);
        gemm.Attributes.Set("transB", 1L);
        if (add is not null) graph.RemoveValue(product);
        return true;
    }

    /// <summary>One value per output column when <paramref name="c"/> broadcasts that way
    /// (scalar, [n], [1, n]); null otherwise.</summary>
    private static float[]? PerColumn(Tensor c, int n)
    {
        var values = c.ToFloatArray();
        if (values.Length == 1) return Enumerable.Repeat(values[0], n).ToArray();
        if (values.Length != n || c.Shape.Rank > 2 || (c.Shape.Rank == 2 && c.Shape[0] != 1)) return null;
        return values;
    }

    /// <summary>alpha·op(B) laid out [out, in].</summary>
    private static Tensor OutputRows(Tensor w, bool transB, float alpha)
    {
        var src = w.AsSpan<float>();
        int rows = w.Shape[0], cols = w.Shape[1];
        if (transB) return Tensor.FromArray(w.Shape, src.ToArray().Select(v => v * alpha).ToArray());
        var dst = new float[src.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int col = 0; col < cols; col++) dst[col * rows + r] = src[r * cols + col] * alpha;
        }
        return Tensor.FromArray(new Shape(cols, rows), dst);
    }
}
