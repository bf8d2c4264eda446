using Quanta.Core;
using Quanta.Data.Datasets;
using Quanta.Runtime;

namespace Quanta.Cli.Commands;

/// <summary>
/// Builds Fashion-MNIST batches for a model's single input: float32 gets the reference
/// preprocessing; int8/uint8 inputs with quantization parameters get it quantized with them
/// (<c>q = clamp(round(x / scale) + zero_point)</c>, ties away from zero as TFLite rounds).
/// Accepted shapes: <c>[N,1,28,28]</c>, <c>[N,28,28,1]</c> (the same bytes for one channel),
/// <c>[N,28,28]</c> and <c>[N,784]</c>; N dynamic, or fixed (then batches have that size).
/// </summary>
internal sealed class FashionMnistFeeder
{
    private readonly TensorInfo _input;
    private readonly int[] _dims;

    private FashionMnistFeeder(TensorInfo input, int[] dims)
    {
        _input = input;
        _dims = dims;
    }

    /// <summary>The model's fixed batch size, or null when its batch is dynamic.</summary>
    public int? FixedBatch => _dims[0] == Shape.Unknown ? null : _dims[0];

    /// <summary>A feeder for the session's input.</summary>
    /// <exception cref="InvalidInputException">The model does not take 28×28 gray images.</exception>
    public static FashionMnistFeeder For(InferenceSession session)
    {
        if (session.Inputs.Count != 1)
            throw new InvalidInputException($"eval on fashion-mnist needs a model with one input; this one has {session.Inputs.Count} ({string.Join(", ", session.Inputs.Select(i => i.Name))})");
        var input = session.Inputs[0];
        var shape = input.Shape;
        bool fits = shape switch
        {
            { Rank: 4 } => (shape[1], shape[2], shape[3]) is (1, 28, 28) or (28, 28, 1),
            { Rank: 3 } => shape[1] == FashionMnist.ImageSize && shape[2] == FashionMnist.ImageSize,
            { Rank: 2 } => shape[1] == FashionMnist.PixelsPerImage,
            _ => false,
        };
        if (!fits)
            throw new InvalidInputException($"input '{input.Name}' has shape {shape?.ToString() ?? "[?]"}; fashion-mnist images need [N,1,28,28], [N,28,28,1], [N,28,28] or [N,784]");
        if (input.Type != DataType.Float32 && !(input.Type is DataType.Int8 or DataType.UInt8 && input.Quant is { IsPerAxis: false }))
            throw new InvalidInputException($"input '{input.Name}' is {input.Type}; eval feeds float32 inputs, or int8/uint8 inputs with per-tensor quantization parameters");
        return new FashionMnistFeeder(input, shape!.ToArray());
    }

    /// <summary>Images <paramref name="start"/>… as one batch of <paramref name="n"/>; slots past
    /// <paramref name="available"/> (padding a fixed batch) repeat the last image.</summary>
    public Tensor Batch(FashionMnist data, int start, int n, int available)
    {
        var dims = (int[])_dims.Clone();
        dims[0] = n;
        var floats = new float[n * FashionMnist.PixelsPerImage];
        for (int i = 0; i < n; i++)
        {
            int image = Math.Min(start + i, available - 1);
            FashionMnistPreprocessing.Normalize(data.Image(image), floats.AsSpan(i * FashionMnist.PixelsPerImage, FashionMnist.PixelsPerImage));
        }
        if (_input.Type == DataType.Float32) return Tensor.FromArray<float>(new Shape(dims), floats);

        var q = _input.Quant!;
        var (min, max) = _input.Type.IntegerRange();
        var tensor = Tensor.Zeros(_input.Type, new Shape(dims), q);
        var bytes = tensor.Bytes;
        for (int i = 0; i < floats.Length; i++)
        {
            long v = (long)Math.Round(floats[i] / (double)q.Scale, MidpointRounding.AwayFromZero) + q.ZeroPoint;
            bytes[i] = (byte)Math.Clamp(v, min, max);
        }
        return tensor;
    }

    /// <summary>The predicted class of each of the <paramref name="n"/> rows of a model's scores.</summary>
    /// <exception cref="InvalidInputException">The output is not <c>[n, classes]</c>.</exception>
    public static int[] Predictions(Tensor scores, int n, string outputName)
    {
        if (scores.Shape.Rank != 2 || scores.Shape[0] != n || scores.Shape[1] < 2)
            throw new InvalidInputException($"output '{outputName}' has shape {scores.Shape}; eval needs class scores [{n}, classes]");
        return Data.Metrics.Classification.ArgMaxRows(scores);
    }
}
