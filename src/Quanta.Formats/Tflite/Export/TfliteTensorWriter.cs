using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Turns graph values into a subgraph's tensors, numbered in order of first request: type, shape
/// (an unknown dimension is written as 1 in <c>shape</c> and −1 in <c>shape_signature</c>, as the
/// TFLite converter marks a dynamic batch), quantization parameters, and a buffer for constants.
/// </summary>
internal sealed class TfliteTensorWriter
{
    private readonly List<tflite.BufferT> _buffers;
    private readonly Dictionary<Value, int> _indices = [];

    /// <summary>Creates a writer appending constant data to <paramref name="buffers"/>.</summary>
    public TfliteTensorWriter(List<tflite.BufferT> buffers) => _buffers = buffers;

    /// <summary>The tensors written so far, by index.</summary>
    public List<tflite.TensorT> Tensors { get; } = [];

    /// <summary>The index of <paramref name="value"/>'s tensor, written on first request.</summary>
    /// <exception cref="UnsupportedException">The value's type has no TFLite form.</exception>
    public int IndexOf(Value value)
    {
        if (_indices.TryGetValue(value, out int index)) return index;
        index = Tensors.Count;
        Tensors.Add(Write(value));
        _indices[value] = index;
        return index;
    }

    private tflite.TensorT Write(Value value)
    {
        if (value.Type is DataType.Undefined || !Enum.IsDefined(value.Type))
            throw new UnsupportedException($"value '{value.Name}' has type {value.Type}, which TFLite cannot store");
        var tensor = new tflite.TensorT
        {
            Name = value.Name,
            Type = TfliteTypes.FromDataType(value.Type),
        };
        var quant = value.Quant ?? value.Constant?.Quant;
        if (quant is not null) tensor.Quantization = Quantization(quant);
        if (value.Constant is { } constant)
        {
            tensor.Shape = [.. constant.Shape.Dims];
            tensor.HasRank = true;
            tensor.Buffer = (uint)_buffers.Count;
            _buffers.Add(new tflite.BufferT { Data = [.. constant.Bytes.ToArray()] });
            return tensor;
        }
        if (value.Shape is { } shape)
        {
            tensor.HasRank = true;
            var dims = shape.Dims.ToArray();
            if (dims.Contains(Shape.Unknown))
            {
                tensor.ShapeSignature = [.. dims];
                tensor.Shape = [.. dims.Select(d => d == Shape.Unknown ? 1 : d)];
            }
            else
            {
                tensor.Shape = [.. dims];
            }
        }
        return tensor;
    }

    /// <summary>scale[], zero_point[] and quantized_dimension (0 for per-tensor parameters).</summary>
    private static tflite.QuantizationParametersT Quantization(QuantParams quant)
    {
        var zeroPoints = new List<long>(quant.Count);
        foreach (int z in quant.ZeroPoints) zeroPoints.Add(z);
        return new tflite.QuantizationParametersT
        {
            Scale = [.. quant.Scales.ToArray()],
            ZeroPoint = zeroPoints,
            QuantizedDimension = quant.Axis ?? 0,
        };
    }
}
