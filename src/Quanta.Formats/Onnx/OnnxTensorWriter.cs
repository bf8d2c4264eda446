using Google.Protobuf;
using Quanta.Core;
using TensorProto = Onnx.TensorProto;

namespace Quanta.Formats.Onnx;

/// <summary>Writes Quanta tensors as ONNX TensorProto messages (the inverse of <see cref="OnnxTensorReader"/>).</summary>
public static class OnnxTensorWriter
{
    /// <summary>A TensorProto holding <paramref name="tensor"/> under <paramref name="name"/>.</summary>
    /// <remarks>Data goes in <c>raw_data</c>, little-endian as ONNX requires; Quanta stores tensors
    /// in the machine's order, so a big-endian machine is refused rather than writing wrong bytes.</remarks>
    /// <exception cref="UnsupportedException">The tensor's type has no ONNX equivalent, or the machine is big-endian.</exception>
    public static TensorProto Write(Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(name);
        if (!BitConverter.IsLittleEndian) throw new UnsupportedException("writing ONNX tensors needs a little-endian machine");
        if (tensor.Type == DataType.Undefined) throw new UnsupportedException($"tensor '{name}' has no element type");
        var proto = new TensorProto { Name = name, DataType = OnnxTypes.ToOnnx(tensor.Type) };
        foreach (int d in tensor.Shape.Dims) proto.Dims.Add(d);
        proto.RawData = ByteString.CopyFrom(tensor.Bytes);
        return proto;
    }

    /// <summary>The bytes of a tensor as an ONNX TensorProto file (<c>.pb</c>, as ONNX test data stores them).</summary>
    public static byte[] ToBytes(Tensor tensor, string name) => Write(tensor, name).ToByteArray();
}
