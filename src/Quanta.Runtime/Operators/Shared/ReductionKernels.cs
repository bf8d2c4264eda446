using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>A float reduction over a fixed set of axes, with offsets precomputed at bind time.</summary>
internal sealed class ReduceKernel<TOp> : IKernel where TOp : IReducer
{
    private readonly long[] _outer, _inner;

    public ReduceKernel(Shape input, bool[] reduced) => (_outer, _inner) = ReduceReference.Offsets(input.Dims, reduced);

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ReduceReference.Reduce<TOp>(inputs[0]!.AsSpan<float>(), _outer, _inner, outputs[0].AsSpan<float>());
}

/// <summary>Float log-sum-exp over a fixed set of axes (computed stably).</summary>
internal sealed class LogSumExpKernel : IKernel
{
    private readonly long[] _outer, _inner;

    public LogSumExpKernel(Shape input, bool[] reduced) => (_outer, _inner) = ReduceReference.Offsets(input.Dims, reduced);

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ReduceReference.LogSumExp(inputs[0]!.AsSpan<float>(), _outer, _inner, outputs[0].AsSpan<float>());
}

/// <summary>Which normalization along an axis a <see cref="SoftmaxKernel"/> computes.</summary>
internal enum SoftmaxKind
{
    Softmax,
    LogSoftmax,
    Hardmax,
}

/// <summary>Float softmax, log-softmax or hardmax along one axis.</summary>
internal sealed class SoftmaxKernel : IKernel
{
    private readonly SoftmaxKind _kind;
    private readonly int _outer, _axis, _inner;
    private readonly float _beta;

    public SoftmaxKernel(Shape input, int axis, SoftmaxKind kind, float beta = 1f)
    {
        _kind = kind;
        _beta = beta;
        _outer = (int)TensorArgs.Product(input, 0, axis);
        _axis = input[axis];
        _inner = (int)TensorArgs.Product(input, axis + 1, input.Rank);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var x = inputs[0]!.AsSpan<float>();
        var y = outputs[0].AsSpan<float>();
        switch (_kind)
        {
            case SoftmaxKind.Softmax: SoftmaxReference.Softmax(x, y, _outer, _axis, _inner, _beta); break;
            case SoftmaxKind.LogSoftmax: SoftmaxReference.LogSoftmax(x, y, _outer, _axis, _inner); break;
            default: SoftmaxReference.Hardmax(x, y, _outer, _axis, _inner); break;
        }
    }
}

/// <summary>ArgMax/ArgMin along one axis, for every numeric type, into int32 or int64 indices.</summary>
internal sealed class ArgMinMaxKernel : IKernel
{
    private readonly int _outer, _axis, _inner;
    private readonly bool _max, _last;

    public ArgMinMaxKernel(Shape input, int axis, bool max, bool selectLastIndex)
    {
        _outer = (int)TensorArgs.Product(input, 0, axis);
        _axis = input[axis];
        _inner = (int)TensorArgs.Product(input, axis + 1, input.Rank);
        (_max, _last) = (max, selectLastIndex);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var x = inputs[0]!;
        var y = outputs[0];
        switch (x.Type)
        {
            case DataType.Float32: To(x.AsSpan<float>(), y); break;
            case DataType.Float16: To(x.AsSpan<Half>(), y); break;
            case DataType.Int8: To(x.AsSpan<sbyte>(), y); break;
            case DataType.UInt8 or DataType.Bool: To<byte>(x.Bytes, y); break;
            case DataType.Int16: To(x.AsSpan<short>(), y); break;
            case DataType.Int32: To(x.AsSpan<int>(), y); break;
            default: To(x.AsSpan<long>(), y); break;
        }
    }

    private void To<T>(ReadOnlySpan<T> x, Tensor y) where T : System.Numerics.INumberBase<T>, System.Numerics.IComparisonOperators<T, T, bool>
    {
        if (y.Type == DataType.Int32) ArgMinMaxReference.ArgMinMax(x, y.AsSpan<int>(), _outer, _axis, _inner, _max, _last);
        else ArgMinMaxReference.ArgMinMax(x, y.AsSpan<long>(), _outer, _axis, _inner, _max, _last);
    }
}

/// <summary>ONNX TopK for float32, int32 and int64 values.</summary>
internal sealed class TopKKernel<T>(TopKReference<T> topK) : IKernel where T : unmanaged, System.Numerics.INumber<T>
{
    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        topK.Run(inputs[0]!.AsSpan<T>(), outputs[0].AsSpan<T>(), outputs[1].AsSpan<long>());
}
