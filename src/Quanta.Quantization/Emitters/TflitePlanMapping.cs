using System.Text.RegularExpressions;
using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>
/// Finds, for a value or node of the NHWC-lowered graph, its counterpart in the prepared float
/// graph the plan was made for. <see cref="NhwcLowering"/> keeps node names and derives the names
/// of the NHWC values it creates from the NCHW ones (<c>y/nhwc</c>, <c>y/untransposed</c>, with a
/// <c>_n</c> suffix when taken); the quantization parameters of a tensor do not depend on its
/// layout, so the plan's calibrated parameters apply unchanged.
/// </summary>
internal static partial class TflitePlanMapping
{
    [GeneratedRegex(@"^(.*)/(nhwc|untransposed)(_\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LayoutSuffix();

    /// <summary>The plan entry of the float value that <paramref name="lowered"/> stands for, or null.</summary>
    public static ValueQuantization? Find(QuantizationPlan plan, Value lowered)
    {
        string name = lowered.Name;
        while (true)
        {
            if (plan.Find(name) is { } q) return q;
            var m = LayoutSuffix().Match(name);
            if (!m.Success) return null;
            name = m.Groups[1].Value;
        }
    }

    /// <summary>The name of the float value <paramref name="lowered"/> stands for in <paramref name="floatGraph"/>, or null.</summary>
    public static string? FloatName(Graph floatGraph, Value lowered)
    {
        string name = lowered.Name;
        while (true)
        {
            if (floatGraph.FindValue(name) is not null) return name;
            var m = LayoutSuffix().Match(name);
            if (!m.Success) return null;
            name = m.Groups[1].Value;
        }
    }
}
