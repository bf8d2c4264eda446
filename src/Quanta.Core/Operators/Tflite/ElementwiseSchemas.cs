namespace Quanta.Core;

/// <summary>
/// TFLite SELECT (version 1, no general broadcasting): X and Y have one shape, and the bool
/// condition either has it too, is a scalar, or is a vector that picks whole slices along X's
/// first axis. The output is shaped like X.
/// </summary>
public sealed class TfliteSelectSchema : IOpSchema
{
    /// <inheritdoc/>
    public string OpType => "SELECT";

    /// <inheritdoc/>
    public string Domain => OpDomains.Tflite;

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InputCount != 3) throw context.Error($"takes 3 inputs, has {context.InputCount}");
        context.ExpectType(0, DataType.Bool);
        var c = context.Input(0);
        var x = context.Input(1);
        var y = context.Input(2);
        if (x.Type != y.Type && x.Type != DataType.Undefined && y.Type != DataType.Undefined)
            throw context.Error($"the inputs to choose from differ in type: {x.Type} and {y.Type}");
        if (x.Shape is not null && y.Shape is not null && !ElementwiseShapes.Fits(x.Shape, y.Shape))
            throw context.Error($"the inputs to choose from differ in shape: {x.Shape} and {y.Shape}");
        if (c.Shape is not null && x.Shape is not null && c.Rank != 0 && !ElementwiseShapes.Fits(c.Shape, x.Shape))
        {
            bool slices = c.Rank == 1 && x.Rank > 1 && (c.Shape[0] == x.Shape[0] || c.Shape[0] == Shape.Unknown || x.Shape[0] == Shape.Unknown);
            if (!slices)
                throw context.Error($"condition {c.Shape} must match the inputs {x.Shape}, be a scalar, or be a vector over their first axis");
        }
        context.SetOutput(0, x.Type, x.Shape ?? y.Shape);
    }
}

/// <summary>Attribute checks shared by TFLite's element-wise ops.</summary>
public static class TfliteElementwiseChecks
{
    private static readonly string[] s_fusedActivations = ["NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"];

    /// <summary>Checks that <c>fused_activation_function</c>, when present, names a TFLite activation.</summary>
    /// <exception cref="GraphValidationException">It names something else.</exception>
    public static void FusedActivation(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string name = context.Attributes.GetString("fused_activation_function", "NONE");
        if (Array.IndexOf(s_fusedActivations, name) < 0)
            throw context.Error($"fused_activation_function '{name}' is not one of {string.Join(", ", s_fusedActivations)}");
    }
}
