using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds ONNX Resize (modes nearest and linear, every opset-17 coordinate transformation, every
/// nearest_mode, extrapolation_value) to <see cref="ResizeReference"/>. The per-axis maps are built
/// once from the scales or sizes (known at bind time: they are shape inputs); a roi that is not
/// constant is read, and the maps refilled, at each run. exclude_outside only changes cubic
/// weights, so it has no effect here. Cubic mode is not implemented.
/// </summary>
internal sealed class OnnxResizeFloatKernel : IKernel
{
    private readonly ResizeAxisMap[] _maps;
    private readonly int[] _strides;
    private readonly int[] _coordinates;
    private readonly double[] _scales;
    private readonly double[] _resizedLengths;
    private readonly bool _linear;
    private readonly ResizeCoordinateMode _mode;
    private readonly ResizeNearestMode _nearest;
    private readonly float _extrapolation;
    private readonly bool _roiAtRunTime;

    public OnnxResizeFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0);
        var a = context.Attributes;
        string mode = a.GetString("mode", "nearest");
        if (mode == "cubic") throw context.Unsupported("mode 'cubic' is not supported (nearest and linear are)");
        if (a.GetInt("antialias", 0) != 0) throw context.Unsupported("antialias=1 (opset 18) is not supported");
        if (a.Find("axes") is not null) throw context.Unsupported("the axes attribute (opset 18) is not supported");
        if (a.GetString("keep_aspect_ratio_policy", "stretch") != "stretch")
            throw context.Unsupported("keep_aspect_ratio_policy (opset 18) other than stretch is not supported");
        _linear = mode == "linear";
        _mode = ParseCoordinateMode(context, a.GetString("coordinate_transformation_mode", "half_pixel"));
        _nearest = ParseNearestMode(context, a.GetString("nearest_mode", "round_prefer_floor"));
        _extrapolation = a.GetFloat("extrapolation_value", 0f);

        var x = context.InputShape(0);
        var y = context.OutputShape(0);
        _strides = Array.ConvertAll(x.Strides(), s => checked((int)s));
        _coordinates = new int[x.Rank];
        _scales = new double[x.Rank];
        _resizedLengths = new double[x.Rank];
        var scales = context.InputData(ResizeSchema.ScalesInput);
        bool byScales = scales is not null && scales.ElementCount > 0;
        for (int i = 0; i < x.Rank; i++)
        {
            _scales[i] = byScales ? scales!.GetDouble(i) : (double)y[i] / x[i];
            _resizedLengths[i] = byScales ? _scales[i] * x[i] : y[i];
        }
        _maps = new ResizeAxisMap[x.Rank];
        for (int i = 0; i < x.Rank; i++) _maps[i] = new ResizeAxisMap(x[i], y[i]);

        var roi = context.InputData(ResizeSchema.RoiInput);
        bool needsRoi = _mode == ResizeCoordinateMode.TfCropAndResize;
        if (needsRoi && !context.HasInput(ResizeSchema.RoiInput)) throw context.Invalid("tf_crop_and_resize needs the roi input");
        if (needsRoi && context.InputShape(ResizeSchema.RoiInput).ElementCount != 2 * x.Rank)
            throw context.Invalid($"roi {context.InputShape(ResizeSchema.RoiInput)} should hold {2 * x.Rank} values (starts, then ends)");
        _roiAtRunTime = needsRoi && roi is null;
        if (!_roiAtRunTime) Fill(roi);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (_roiAtRunTime) Fill(inputs[ResizeSchema.RoiInput]);
        ResizeReference.Run(inputs[0]!.AsSpan<float>(), _strides, _maps, _extrapolation, outputs[0].AsSpan<float>(), _coordinates);
    }

    private void Fill(Tensor? roi)
    {
        int rank = _maps.Length;
        bool useRoi = _mode == ResizeCoordinateMode.TfCropAndResize;
        for (int i = 0; i < rank; i++)
        {
            double start = useRoi ? roi!.GetDouble(i) : 0, end = useRoi ? roi!.GetDouble(rank + i) : 1;
            _maps[i].FillOnnx(_linear, _mode, _nearest, _scales[i], _resizedLengths[i], start, end);
        }
    }

    private static ResizeCoordinateMode ParseCoordinateMode(KernelContext context, string value) => value switch
    {
        "half_pixel" => ResizeCoordinateMode.HalfPixel,
        "pytorch_half_pixel" => ResizeCoordinateMode.PytorchHalfPixel,
        "align_corners" => ResizeCoordinateMode.AlignCorners,
        "asymmetric" => ResizeCoordinateMode.Asymmetric,
        "tf_half_pixel_for_nn" => ResizeCoordinateMode.TfHalfPixelForNn,
        "tf_crop_and_resize" => ResizeCoordinateMode.TfCropAndResize,
        _ => throw context.Unsupported($"coordinate_transformation_mode '{value}' is not supported"),
    };

    private static ResizeNearestMode ParseNearestMode(KernelContext context, string value) => value switch
    {
        "round_prefer_floor" => ResizeNearestMode.RoundPreferFloor,
        "round_prefer_ceil" => ResizeNearestMode.RoundPreferCeil,
        "floor" => ResizeNearestMode.Floor,
        "ceil" => ResizeNearestMode.Ceil,
        _ => throw context.Invalid($"nearest_mode '{value}' is not round_prefer_floor, round_prefer_ceil, floor or ceil"),
    };
}
