namespace Quanta.Core;

/// <summary>
/// The sliding-window attributes of ONNX Conv, ConvTranspose and the pooling ops (kernel_shape,
/// strides, dilations, pads, auto_pad, ceil_mode, output_padding, output_shape), read and checked
/// once so that shape inference and kernels interpret them identically (through
/// <see cref="ConvGeometry"/>).
/// </summary>
public sealed class OnnxWindowAttributes
{
    private readonly Node _node;

    private OnnxWindowAttributes(Node node, int[] kernel, int[] strides, int[] dilations, int[] pads, AutoPad autoPad, bool ceilMode, int[] outputPadding, int[]? outputShape)
    {
        _node = node;
        KernelShape = kernel;
        Strides = strides;
        Dilations = dilations;
        Pads = pads;
        AutoPad = autoPad;
        CeilMode = ceilMode;
        OutputPadding = outputPadding;
        OutputShape = outputShape;
    }

    /// <summary>Number of spatial axes.</summary>
    public int SpatialRank => KernelShape.Length;

    /// <summary>Kernel size per spatial axis.</summary>
    public int[] KernelShape { get; }

    /// <summary>Stride per spatial axis (default 1).</summary>
    public int[] Strides { get; }

    /// <summary>Dilation per spatial axis (default 1).</summary>
    public int[] Dilations { get; }

    /// <summary>Pads as ONNX lists them: all begins, then all ends (default 0).</summary>
    public int[] Pads { get; }

    /// <summary>auto_pad.</summary>
    public AutoPad AutoPad { get; }

    /// <summary>ceil_mode (pooling).</summary>
    public bool CeilMode { get; }

    /// <summary>output_padding per spatial axis (ConvTranspose; default 0).</summary>
    public int[] OutputPadding { get; }

    /// <summary>output_shape's spatial sizes (ConvTranspose), or null when absent.</summary>
    public int[]? OutputShape { get; }

    /// <summary>Reads the attributes of <paramref name="node"/>.</summary>
    /// <param name="node">The node.</param>
    /// <param name="spatialRank">Number of spatial axes (input rank − 2).</param>
    /// <param name="kernelFromWeights">The weights' spatial sizes, used when kernel_shape is absent;
    /// null for pooling, where kernel_shape is required.</param>
    /// <exception cref="GraphValidationException">A list has the wrong length, or kernel_shape is
    /// missing (pooling) or disagrees with the weights.</exception>
    public static OnnxWindowAttributes Read(Node node, int spatialRank, IReadOnlyList<int>? kernelFromWeights)
    {
        ArgumentNullException.ThrowIfNull(node);
        var a = node.Attributes;
        int[] kernel;
        var kernelAttr = a.GetInts("kernel_shape");
        if (kernelAttr is not null)
        {
            kernel = ToInts(node, "kernel_shape", kernelAttr, spatialRank);
            if (kernelFromWeights is not null)
            {
                for (int i = 0; i < spatialRank; i++)
                {
                    if (kernelFromWeights[i] != Shape.Unknown && kernelFromWeights[i] != kernel[i])
                        throw Invalid(node, $"kernel_shape [{string.Join(",", kernel)}] disagrees with the weights' spatial sizes [{string.Join(",", kernelFromWeights)}]");
                }
            }
        }
        else if (kernelFromWeights is not null)
        {
            kernel = kernelFromWeights.ToArray();
        }
        else
        {
            throw Invalid(node, "attribute 'kernel_shape' is required");
        }

        var strides = ListOrDefault(node, "strides", spatialRank, 1);
        var dilations = ListOrDefault(node, "dilations", spatialRank, 1);
        var pads = ListOrDefault(node, "pads", 2 * spatialRank, 0);
        var outputPadding = ListOrDefault(node, "output_padding", spatialRank, 0);
        int[]? outputShape = null;
        var shapeAttr = a.GetInts("output_shape");
        if (shapeAttr is not null)
        {
            // ONNX allows the spatial sizes alone or the full N, C, spatial... shape.
            if (shapeAttr.Length == spatialRank + 2) shapeAttr = shapeAttr[2..];
            outputShape = ToInts(node, "output_shape", shapeAttr, spatialRank);
        }
        AutoPad autoPad;
        try { autoPad = ConvGeometry.ParseAutoPad(a.GetString("auto_pad", "NOTSET")); }
        catch (GraphValidationException e) { throw Invalid(node, e.Message); }
        bool ceil = a.GetInt("ceil_mode", 0) != 0;
        return new OnnxWindowAttributes(node, kernel, strides, dilations, pads, autoPad, ceil, outputPadding, outputShape);
    }

    /// <summary>The geometry of spatial axis <paramref name="axis"/> of a forward op (Conv, pooling).</summary>
    /// <exception cref="GraphValidationException">The attributes do not fit the input size.</exception>
    public WindowAxis Forward(int axis, int inputSize)
    {
        try
        {
            return ConvGeometry.Onnx(inputSize, KernelShape[axis], Strides[axis], Dilations[axis], AutoPad, Pads[axis], Pads[axis + SpatialRank], CeilMode);
        }
        catch (GraphValidationException e) { throw Invalid(_node, $"spatial axis {axis}: {e.Message}"); }
    }

    /// <summary>The geometry of spatial axis <paramref name="axis"/> of ConvTranspose.</summary>
    /// <exception cref="GraphValidationException">The attributes do not fit the input size.</exception>
    public WindowAxis Transposed(int axis, int inputSize)
    {
        try
        {
            return ConvGeometry.OnnxTransposed(inputSize, KernelShape[axis], Strides[axis], Dilations[axis], OutputPadding[axis], AutoPad,
                Pads[axis], Pads[axis + SpatialRank], OutputShape?[axis]);
        }
        catch (GraphValidationException e) { throw Invalid(_node, $"spatial axis {axis}: {e.Message}"); }
    }

    private static int[] ListOrDefault(Node node, string name, int length, int defaultValue)
    {
        var values = node.Attributes.GetInts(name);
        if (values is null || values.Length == 0) return Enumerable.Repeat(defaultValue, length).ToArray();
        return ToInts(node, name, values, length);
    }

    private static int[] ToInts(Node node, string name, long[] values, int length)
    {
        if (values.Length != length)
            throw Invalid(node, $"attribute '{name}' has {values.Length} values; expected {length}");
        var result = new int[length];
        for (int i = 0; i < length; i++)
        {
            if (values[i] < int.MinValue || values[i] > int.MaxValue)
                throw Invalid(node, $"attribute '{name}' value {values[i]} is out of range");
            result[i] = (int)values[i];
        }
        return result;
    }

    private static GraphValidationException Invalid(Node node, string message) => new($"{node.OpType} '{node.Name}': {message}");
}
