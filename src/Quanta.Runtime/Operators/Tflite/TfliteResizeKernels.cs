using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds TFLite RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (align_corners, half_pixel_centers) to
/// <see cref="ResizeReference"/>: NHWC, with maps on the height and width axes built as TFLite's
/// reference kernels compute coordinates (<see cref="ResizeAxisMap.FillTflite"/>).
/// </summary>
internal sealed class TfliteResizeFloatKernel : IKernel
{
    private readonly ResizeAxisMap[] _maps;
    private readonly int[] _strides;
    private readonly int[] _coordinates = new int[4];

    public TfliteResizeFloatKernel(KernelContext context)
    {
        NeuralNetBinding.RequireFloat32(context, 0);
        bool bilinear = context.Node.OpType == "RESIZE_BILINEAR";
        bool alignCorners = context.Attributes.GetInt("align_corners", 0) != 0;
        bool halfPixel = context.Attributes.GetInt("half_pixel_centers", 0) != 0;
        var x = context.InputShape(0);
        var y = context.OutputShape(0);
        _strides = Array.ConvertAll(x.Strides(), s => checked((int)s));
        _maps = new ResizeAxisMap[4];
        for (int i = 0; i < 4; i++) _maps[i] = new ResizeAxisMap(x[i], y[i]);
        _maps[1].FillTflite(bilinear, alignCorners, halfPixel);
        _maps[2].FillTflite(bilinear, alignCorners, halfPixel);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ResizeReference.Run(inputs[0]!.AsSpan<float>(), _strides, _maps, 0f, outputs[0].AsSpan<float>(), _coordinates);
}
