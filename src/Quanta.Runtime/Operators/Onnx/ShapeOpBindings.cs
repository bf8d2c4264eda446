using System.Runtime.InteropServices;
using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>Binds ONNX shape ops and type conversion to kernels: Shape, Size, Dropout,
/// ConstantOfShape, Range (Reshape, Flatten, Squeeze, Unsqueeze and Identity are a plain
/// <see cref="CopyKernel"/>; Cast and CastLike a <see cref="CastKernel"/>).</summary>
internal static class ShapeOpBindings
{
    /// <summary>Shape: the dimensions [start, end) of input 0 (normally folded at compile time).</summary>
    public static IKernel Shape(KernelContext c)
    {
        var x = c.InputShape(0);
        var (start, end) = ShapeSchema.Range(x.Rank, c.Attributes.GetInt("start", 0), c.Attributes.Find("end") is null ? null : c.Attributes.GetInt("end"));
        return new ConstantBytesKernel(MemoryMarshal.AsBytes(x.ToInt64Array().AsSpan(start, end - start)).ToArray());
    }

    /// <summary>Size: the element count of input 0 as an int64 scalar.</summary>
    public static IKernel Size(KernelContext c) =>
        new ConstantBytesKernel(BitConverter.GetBytes(c.InputShape(0).ElementCount));

    /// <summary>Dropout at inference: copy, mask all true; training_mode = true at run time is rejected.</summary>
    public static IKernel Dropout(KernelContext c) => new DropoutKernel(TensorArgs.Where(c.Node));

    /// <summary>ConstantOfShape: the output filled with the value attribute.</summary>
    public static IKernel ConstantOfShape(KernelContext c) =>
        new FillKernel(ConstantOfShapeSchema.FillValue(c.Node).Bytes.ToArray());

    /// <summary>Range: computed once from its (known) scalar inputs.</summary>
    public static IKernel Range(KernelContext c)
    {
        var (start, delta) = (c.InputData(0), c.InputData(2));
        if (start is null || delta is null) throw c.Invalid("start and delta must be known when the plan is compiled");
        var y = Tensor.Zeros(c.Outputs[0].Type, c.OutputShape(0));
        long n = y.ElementCount;
        switch (y.Type)
        {
            case DataType.Float32:
                {
                    double s = start.GetDouble(0), d = delta.GetDouble(0);
                    var span = y.AsSpan<float>();
                    for (int i = 0; i < n; i++) span[i] = (float)(s + i * d);
                    break;
                }
            case DataType.Int16 or DataType.Int32 or DataType.Int64:
                {
                    long s = start.GetInt64(0), d = delta.GetInt64(0);
                    for (int i = 0; i < n; i++) Write(y, i, s + i * d);
                    break;
                }
            default:
                throw c.Unsupported($"Range of {y.Type} is not supported (float32, int16, int32, int64)");
        }
        return new ConstantBytesKernel(y.Bytes.ToArray());
    }

    private static void Write(Tensor y, int i, long value)
    {
        switch (y.Type)
        {
            case DataType.Int16: y.AsSpan<short>()[i] = (short)value; break;
            case DataType.Int32: y.AsSpan<int>()[i] = (int)value; break;
            default: y.AsSpan<long>()[i] = value; break;
        }
    }
}

/// <summary>Dropout at inference: output 0 = input 0; output 1 (the mask), when present, all true.</summary>
internal sealed class DropoutKernel(string where) : IKernel
{
    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (inputs.Length > 2 && inputs[2] is { ElementCount: > 0 } training && training.Bytes[0] != 0)
            throw new UnsupportedException($"{where}: training-mode Dropout (training_mode = true) is not supported; Quanta runs inference only");
        inputs[0]!.Bytes.CopyTo(outputs[0].Bytes);
        if (outputs.Length > 1) outputs[1].Bytes.Fill(1);
    }
}
