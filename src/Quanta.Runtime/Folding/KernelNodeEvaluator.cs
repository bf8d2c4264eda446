using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// Evaluates a node on constant inputs with the node's own kernel, for graph passes such as
/// <see cref="ConstantFolding"/>: the same inference and binding a plan uses, run once.
/// </summary>
public sealed class KernelNodeEvaluator : INodeEvaluator
{
    private readonly long _opset;
    private readonly SessionOptions _options;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="opset">The model's default-domain opset.</param>
    /// <param name="options">Kernel choice; defaults to the reference kernels, so folded
    /// constants do not depend on the CPU.</param>
    public KernelNodeEvaluator(long opset, SessionOptions? options = null)
    {
        _opset = opset;
        _options = options ?? new SessionOptions { MaxIsa = Isa.Reference };
    }

    /// <inheritdoc/>
    /// <remarks>Returns null when the op has no schema or no kernel for these types, or when an
    /// output's shape is not known from the inputs; errors the kernel raises on the data itself
    /// propagate.</remarks>
    public IReadOnlyList<Tensor>? Evaluate(Node node, IReadOnlyList<Tensor?> inputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(inputs);
        var schema = OpSchemas.Find(node);
        if (schema is null) return null;
        var inInfo = inputs.Select(t => t is null ? null : ValueInfo.Of(t)).ToArray();
        var ctx = new InferenceContext(node, inInfo, _opset);
        schema.Infer(ctx);
        var outInfo = new ValueInfo[node.Outputs.Count];
        for (int i = 0; i < outInfo.Length; i++)
        {
            if (ctx.Outputs[i] is not { Shape.IsFullyKnown: true } inferred) return null;
            outInfo[i] = inferred with { Quant = inferred.Quant ?? node.Outputs[i].Quant };
        }
        if (Array.TrueForAll(outInfo, o => o.Data is not null)) return outInfo.Select(o => o.Data!).ToArray();

        var keyType = KernelRegistry.KeyType(inInfo, outInfo, schema.KernelKeyInput);
        var entry = _options.Kernels.Find(node.Domain, node.OpType, keyType, _options.MaxIsa);
        if (entry is null) return null;
        var kernel = entry.Create(new KernelContext(node, inInfo, outInfo, _options, _opset));
        var outputs = outInfo.Select(o => Tensor.Zeros(o.Type, o.Shape!, o.Quant)).ToArray();
        kernel.Run(inputs.ToArray(), outputs);
        return outputs;
    }
}
