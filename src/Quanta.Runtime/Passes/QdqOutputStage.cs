using Quanta.Core;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>
/// The end of a QDQ pattern: an optional Relu or Clip (constant bounds) and the QuantizeLinear that
/// reads the float op's output, with the output clamp the activation becomes.
/// </summary>
/// <remarks>
/// Absorbing the activation is exact: rounding is monotone and maps 0 to 0, so
/// <c>Q(clip(v, lo, hi)) = clamp(Q(v), Q(lo), Q(hi))</c> for every float v (division by a positive scale
/// is monotone too), and Relu is Clip(0, +∞).
/// </remarks>
/// <param name="Nodes">The activation (if any) and the QuantizeLinear, in order.</param>
/// <param name="Output">The QuantizeLinear's parameters (per tensor, 8-bit).</param>
/// <param name="Min">The smallest output code.</param>
/// <param name="Max">The largest output code.</param>
internal sealed record QdqOutputStage(IReadOnlyList<Node> Nodes, QdqParams Output, int Min, int Max)
{
    /// <summary>True when the activation narrows the type's range (the fused node needs the clamp attributes).</summary>
    public bool Clamps
    {
        get
        {
            var (lo, hi) = Output.Type.IntegerRange();
            return Min != lo || Max != hi;
        }
    }

    /// <summary>Sets the clamp attributes on a fused node when <see cref="Clamps"/>.</summary>
    public void SetClamp(AttributeMap attributes)
    {
        if (!Clamps) return;
        attributes.Set(QLinearBinding.OutputMin, Min);
        attributes.Set(QLinearBinding.OutputMax, Max);
    }

    /// <summary>Matches [Relu | Clip] → QuantizeLinear after <paramref name="value"/>, or returns null.</summary>
    public static QdqOutputStage? Match(QdqRewriter r, Value value, bool allowActivation = true)
    {
        var nodes = new List<Node>();
        float lo = float.NegativeInfinity, hi = float.PositiveInfinity;
        var current = value;
        var reader = r.SoleReader(current);
        if (allowActivation && reader is { Domain: "", OpType: "Relu" or "Clip" } act && ReferenceEquals(act.Inputs[0], current))
        {
            if (act.OpType == "Relu") lo = 0f;
            else if (!ClipBounds(act, ref lo, ref hi)) return null;
            nodes.Add(act);
            current = act.Outputs[0];
            reader = r.SoleReader(current);
        }
        if (reader is not { Domain: "", OpType: "QuantizeLinear" } q || !ReferenceEquals(q.Inputs[0], current)) return null;
        var output = QdqParams.Read(q);
        if (output is null || !output.IsPerTensor || !output.IsEightBit) return null;
        nodes.Add(q);
        var (tmin, tmax) = output.Type.IntegerRange();
        int min = float.IsNegativeInfinity(lo) ? (int)tmin : Code(lo, output, (int)tmin, (int)tmax);
        int max = float.IsPositiveInfinity(hi) ? (int)tmax : Code(hi, output, (int)tmin, (int)tmax);
        return new QdqOutputStage(nodes, output, min, max);
    }

    private static int Code(float real, QdqParams q, int min, int max) =>
        Quantization.Quantize(real, q.Scales[0], q.ZeroPoints[0], min, max, QuantizeRounding.HalfToEven);

    private static bool ClipBounds(Node clip, ref float lo, ref float hi)
    {
        for (int i = 1; i <= 2; i++)
        {
            var bound = clip.InputOrNull(i);
            if (bound is null) continue;
            if (bound.Constant is not { Type: DataType.Float32, ElementCount: 1 } t) return false;
            float v = t.AsSpan<float>()[0];
            if (float.IsNaN(v)) return false;
            if (i == 1) lo = v;
            else hi = v;
        }
        return lo <= hi;
    }
}
