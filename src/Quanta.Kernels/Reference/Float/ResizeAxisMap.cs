namespace Quanta.Kernels;

/// <summary>ONNX Resize's coordinate_transformation_mode: how an output coordinate maps to the input.</summary>
public enum ResizeCoordinateMode
{
    /// <summary><c>half_pixel</c>: x = (o + 0.5) / scale − 0.5.</summary>
    HalfPixel,
    /// <summary><c>pytorch_half_pixel</c>: as half_pixel, but 0 when the output size is 1.</summary>
    PytorchHalfPixel,
    /// <summary><c>align_corners</c>: x = o · (in − 1) / (out − 1), or 0 when out is 1.</summary>
    AlignCorners,
    /// <summary><c>asymmetric</c>: x = o / scale.</summary>
    Asymmetric,
    /// <summary><c>tf_half_pixel_for_nn</c> (opset 11–12): x = (o + 0.5) / scale.</summary>
    TfHalfPixelForNn,
    /// <summary><c>tf_crop_and_resize</c>: x = start·(in − 1) + o·(end − start)·(in − 1) / (out − 1) from roi;
    /// outside [0, in − 1] the output is the extrapolation value.</summary>
    TfCropAndResize,
}

/// <summary>ONNX Resize's nearest_mode: how a fractional coordinate picks an input element.</summary>
public enum ResizeNearestMode
{
    /// <summary><c>round_prefer_floor</c>: round, halves down.</summary>
    RoundPreferFloor,
    /// <summary><c>round_prefer_ceil</c>: round, halves up.</summary>
    RoundPreferCeil,
    /// <summary><c>floor</c>.</summary>
    Floor,
    /// <summary><c>ceil</c>.</summary>
    Ceil,
}

/// <summary>
/// How one axis of a resize maps output positions to input elements: each output position reads
/// the lower element with its weight and, when the upper weight is not 0, the upper element with
/// its weight (nearest: one element, weight 1). Arrays are allocated once; the Fill methods only
/// overwrite them, so a kernel can refill a map at run time (a roi that is not constant) without
/// allocating.
/// </summary>
public sealed class ResizeAxisMap
{
    /// <summary>Allocates a map for an axis of <paramref name="inputSize"/> → <paramref name="outputSize"/> (identity until filled).</summary>
    public ResizeAxisMap(int inputSize, int outputSize)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        Lower = new int[outputSize];
        Upper = new int[outputSize];
        LowerWeight = new float[outputSize];
        UpperWeight = new float[outputSize];
        Outside = new bool[outputSize];
        for (int o = 0; o < outputSize; o++) SetNearest(o, Math.Min(o, inputSize - 1));
    }

    /// <summary>Input size.</summary>
    public int InputSize { get; }

    /// <summary>Output size.</summary>
    public int OutputSize { get; }

    /// <summary>Lower input element per output position.</summary>
    public int[] Lower { get; }

    /// <summary>Upper input element per output position.</summary>
    public int[] Upper { get; }

    /// <summary>Weight of the lower element.</summary>
    public float[] LowerWeight { get; }

    /// <summary>Weight of the upper element (0: the upper element is not read).</summary>
    public float[] UpperWeight { get; }

    /// <summary>True where the position maps outside the input (tf_crop_and_resize): the output is the extrapolation value.</summary>
    public bool[] Outside { get; }

    /// <summary>
    /// Fills the map as ONNX Resize (opset 13–17) defines it for modes nearest and linear, computing
    /// coordinates in double as the ONNX reference implementation does. Linear reads floor(x) and
    /// floor(x) + 1 clamped to the input, with weights 1 − r and r (r = x − floor(x)); nearest rounds
    /// x per <paramref name="nearest"/> and clamps.
    /// </summary>
    /// <param name="linear">Linear (else nearest) interpolation.</param>
    /// <param name="mode">The coordinate transformation.</param>
    /// <param name="nearest">The rounding of nearest mode.</param>
    /// <param name="scale">The axis's scale (given, or output / input when sizes were given).</param>
    /// <param name="resizedLength">The resized length the formulas use: input · scale when scales
    /// were given (not rounded: ONNX's align_corners divides by it minus 1), the output size when
    /// sizes were given.</param>
    /// <param name="roiStart">roi start (tf_crop_and_resize only).</param>
    /// <param name="roiEnd">roi end (tf_crop_and_resize only).</param>
    public void FillOnnx(bool linear, ResizeCoordinateMode mode, ResizeNearestMode nearest, double scale, double resizedLength, double roiStart, double roiEnd)
    {
        int last = InputSize - 1;
        for (int o = 0; o < OutputSize; o++)
        {
            double x = mode switch
            {
                ResizeCoordinateMode.HalfPixel => (o + 0.5) / scale - 0.5,
                ResizeCoordinateMode.PytorchHalfPixel => resizedLength > 1 ? (o + 0.5) / scale - 0.5 : 0,
                ResizeCoordinateMode.AlignCorners => resizedLength > 1 ? o * (double)last / (resizedLength - 1) : 0,
                ResizeCoordinateMode.Asymmetric => o / scale,
                ResizeCoordinateMode.TfHalfPixelForNn => (o + 0.5) / scale,
                _ => resizedLength > 1
                    ? roiStart * last + o * (roiEnd - roiStart) * last / (resizedLength - 1)
                    : 0.5 * (roiStart + roiEnd) * last,
            };
            Outside[o] = mode == ResizeCoordinateMode.TfCropAndResize && (x < 0 || x > last);
            if (!linear)
            {
                double r = nearest switch
                {
                    ResizeNearestMode.RoundPreferFloor => Math.Ceiling(x - 0.5),
                    ResizeNearestMode.RoundPreferCeil => Math.Floor(x + 0.5),
                    ResizeNearestMode.Floor => Math.Floor(x),
                    _ => Math.Ceiling(x),
                };
                SetNearest(o, Clamp(r, last));
                continue;
            }
            double floor = Math.Floor(x);
            double ratio = x - floor;
            Lower[o] = Clamp(floor, last);
            Upper[o] = Clamp(floor + 1, last);
            LowerWeight[o] = (float)(1 - ratio);
            UpperWeight[o] = (float)ratio;
        }
    }

    /// <summary>
    /// Fills the map as TFLite's reference RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR compute it, in
    /// float: scale = in / out (align_corners: (in − 1) / (out − 1) when out &gt; 1).
    /// Bilinear: x = o·scale, or (o + 0.5)·scale − 0.5 with half_pixel_centers; lower =
    /// max(floor(x), 0), upper = min(ceil(x), in − 1), weights 1 − (x − lower) and x − lower
    /// (ComputeInterpolationValues). Nearest: floor((o + offset)·scale), rounded half away from zero
    /// with align_corners, offset 0.5 with half_pixel_centers, clamped (GetNearestNeighbor).
    /// </summary>
    public void FillTflite(bool bilinear, bool alignCorners, bool halfPixelCenters)
    {
        int last = InputSize - 1;
        float scale = alignCorners && OutputSize > 1 ? last / (float)(OutputSize - 1) : InputSize / (float)OutputSize;
        for (int o = 0; o < OutputSize; o++)
        {
            Outside[o] = false;
            if (!bilinear)
            {
                float offset = halfPixelCenters ? 0.5f : 0f;
                float x = (o + offset) * scale;
                int nearest = Math.Min(alignCorners ? (int)MathF.Round(x, MidpointRounding.AwayFromZero) : (int)MathF.Floor(x), last);
                SetNearest(o, halfPixelCenters ? Math.Max(0, nearest) : nearest);
                continue;
            }
            float scaled = halfPixelCenters ? (o + 0.5f) * scale - 0.5f : o * scale;
            int lower = Math.Max((int)MathF.Floor(scaled), 0);
            int upper = Math.Min((int)MathF.Ceiling(scaled), last);
            Lower[o] = lower;
            Upper[o] = upper;
            LowerWeight[o] = 1 - (scaled - lower);
            UpperWeight[o] = scaled - lower;
        }
    }

    private void SetNearest(int o, int index)
    {
        Lower[o] = Upper[o] = index;
        LowerWeight[o] = 1f;
        UpperWeight[o] = 0f;
    }

    private static int Clamp(double index, int last) => (int)Math.Clamp(index, 0, last);
}
