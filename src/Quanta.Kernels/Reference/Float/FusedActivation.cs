namespace Quanta.Kernels;

/// <summary>
/// An activation fused into the op that produces a tensor, as TFLite's
/// <c>fused_activation_function</c> (and Quanta's activation-fusion pass) express it.
/// </summary>
public enum FusedActivation
{
    /// <summary>No activation.</summary>
    None,
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>clamp(x, −1, 1).</summary>
    ReluN1To1,
    /// <summary>clamp(x, 0, 6).</summary>
    Relu6,
    /// <summary>tanh(x).</summary>
    Tanh,
    /// <summary>TFLite's SIGN_BIT (unused by any builtin kernel; rejected).</summary>
    SignBit,
}

/// <summary>Parsing and float semantics of <see cref="FusedActivation"/>.</summary>
public static class FusedActivations
{
    /// <summary>Parses TFLite's enum name ("NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT").</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static FusedActivation Parse(string name) => name switch
    {
        "NONE" or "" => FusedActivation.None,
        "RELU" => FusedActivation.Relu,
        "RELU_N1_TO_1" => FusedActivation.ReluN1To1,
        "RELU6" => FusedActivation.Relu6,
        "TANH" => FusedActivation.Tanh,
        "SIGN_BIT" => FusedActivation.SignBit,
        _ => throw new ArgumentException($"unknown fused activation '{name}'", nameof(name)),
    };

    /// <summary>The clamp range of a clamping activation (None: ±∞).</summary>
    /// <exception cref="ArgumentException">For Tanh and SignBit, which do not clamp.</exception>
    public static (float Min, float Max) FloatRange(this FusedActivation activation) => activation switch
    {
        FusedActivation.None => (float.NegativeInfinity, float.PositiveInfinity),
        FusedActivation.Relu => (0f, float.PositiveInfinity),
        FusedActivation.ReluN1To1 => (-1f, 1f),
        FusedActivation.Relu6 => (0f, 6f),
        _ => throw new ArgumentException($"{activation} is not a clamp", nameof(activation)),
    };

    /// <summary>Applies the activation to one float, as TFLite's float kernels do
    /// (ActivationFunctionWithMinMax: min(max(x, lo), hi)).</summary>
    public static float Apply(this FusedActivation activation, float x) => activation switch
    {
        FusedActivation.None => x,
        FusedActivation.Relu => MathF.Max(x, 0f),
        FusedActivation.ReluN1To1 => MathF.Min(MathF.Max(x, -1f), 1f),
        FusedActivation.Relu6 => MathF.Min(MathF.Max(x, 0f), 6f),
        FusedActivation.Tanh => MathF.Tanh(x),
        _ => throw new ArgumentException($"{activation} is not supported", nameof(activation)),
    };
}
