namespace Quanta.Core;

/// <summary>
/// ONNX Resize (opset 13–17 form): inputs X, roi (optional), scales (optional), sizes (optional);
/// exactly one of scales and sizes is given (an empty tensor counts as absent). The output size
/// along axis i is sizes[i], or floor(X.shape[i] · scales[i]). Their contents decide the output
/// shape, so they are <see cref="ShapeInputs"/>.
/// </summary>
public sealed class ResizeSchema : IOpSchema
{
    /// <summary>Input index of roi.</summary>
    public const int RoiInput = 1;

    /// <summary>Input index of scales.</summary>
    public const int ScalesInput = 2;

    /// <summary>Input index of sizes.</summary>
    public const int SizesInput = 3;

    /// <inheritdoc/>
    public string OpType => "Resize";

    /// <inheritdoc/>
    public string Domain => OpDomains.Onnx;

    /// <inheritdoc/>
    public IReadOnlyList<int> ShapeInputs { get; } = [ScalesInput, SizesInput];

    /// <inheritdoc/>
    public void Infer(InferenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string mode = context.Attributes.GetString("mode", "nearest");
        if (mode is not ("nearest" or "linear" or "cubic"))
            throw context.Error($"mode '{mode}' is not nearest, linear or cubic");
        var x = context.InputShape(0);
        var type = context.Input(0).Type;
        if (x is null) { context.SetOutput(0, type, null); return; }
        bool hasScales = IsGiven(context, ScalesInput);
        bool hasSizes = IsGiven(context, SizesInput);
        if (hasScales == hasSizes)
            throw context.Error(hasScales ? "both scales and sizes are given; exactly one is allowed" : "neither scales nor sizes is given");
        var dims = new int[x.Rank];
        Array.Fill(dims, Shape.Unknown);
        var data = context.InputData(hasScales ? ScalesInput : SizesInput);
        if (data is not null)
        {
            if (data.ElementCount != x.Rank)
                throw context.Error($"{(hasScales ? "scales" : "sizes")} has {data.ElementCount} values for an input of rank {x.Rank}");
            for (int i = 0; i < x.Rank; i++)
            {
                if (hasSizes)
                {
                    long size = data.GetInt64(i);
                    if (size < 0 || size > int.MaxValue) throw context.Error($"sizes[{i}] = {size} is invalid");
                    dims[i] = (int)size;
                }
                else if (x[i] != Shape.Unknown)
                {
                    dims[i] = OutputSize(context, x[i], data.GetDouble(i), i);
                }
            }
        }
        context.SetOutput(0, type, new Shape(dims));
    }

    /// <summary>True when input <paramref name="index"/> is present and not an empty tensor.</summary>
    public static bool IsGiven(InferenceContext context, int index)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.OptionalInput(index);
        if (input is null) return false;
        return input.Shape is null || input.Shape.ElementCount != 0;
    }

    private static int OutputSize(InferenceContext context, int input, double scale, int axis)
    {
        if (!(scale > 0) || double.IsInfinity(scale)) throw context.Error($"scales[{axis}] = {scale} must be positive");
        double size = Math.Floor(input * scale);
        if (size > int.MaxValue) throw context.Error($"scales[{axis}] = {scale} makes axis {axis} too large");
        return (int)size;
    }
}
