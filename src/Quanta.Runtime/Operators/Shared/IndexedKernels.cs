using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Gathers slices by index (ONNX Gather, TFLite GATHER) for any data type.</summary>
internal sealed class GatherKernel : IKernel
{
    private readonly string _where;
    private readonly int _elementSize, _batch, _outer, _axis, _inner;

    public GatherKernel(KernelContext context, long axis, long batchDims)
    {
        var x = context.InputShape(0);
        var indices = context.InputShape(1);
        int a = TensorArgs.Axis(context.Node, axis, x.Rank);
        int b = (int)(batchDims < 0 ? batchDims + indices.Rank : batchDims);
        _where = TensorArgs.Where(context.Node);
        _elementSize = context.Input(0).Type.SizeOf();
        _batch = (int)TensorArgs.Product(x, 0, b);
        _outer = (int)TensorArgs.Product(x, b, a);
        _axis = x[a];
        _inner = (int)TensorArgs.Product(x, a + 1, x.Rank);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var data = inputs[0]!.Bytes;
        var indices = inputs[1]!;
        var y = outputs[0].Bytes;
        try
        {
            switch (indices.Type)
            {
                case DataType.Int64: GatherReference.Gather(data, indices.AsSpan<long>(), y, _elementSize, _batch, _outer, _axis, _inner); break;
                case DataType.Int32: GatherReference.Gather(data, indices.AsSpan<int>(), y, _elementSize, _batch, _outer, _axis, _inner); break;
                case DataType.Int16: GatherReference.Gather(data, indices.AsSpan<short>(), y, _elementSize, _batch, _outer, _axis, _inner); break;
                default: throw new InvalidInputException($"{_where}: indices must be integers, not {indices.Type}");
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidInputException($"{_where}: {e.Message}");
        }
    }
}

/// <summary>ONNX GatherElements for any data type: each output element's data offset (with its
/// axis coordinate 0) is precomputed; a run adds index × axis stride.</summary>
internal sealed class GatherElementsKernel : IKernel
{
    private readonly string _where;
    private readonly int _elementSize, _axis;
    private readonly long _axisStride;
    private readonly long[] _baseOffsets;

    public GatherElementsKernel(KernelContext context)
    {
        var x = context.InputShape(0);
        var indices = context.InputShape(1);
        int axis = TensorArgs.Axis(context.Node, context.Attributes.GetInt("axis", 0), x.Rank);
        _where = TensorArgs.Where(context.Node);
        _elementSize = context.Input(0).Type.SizeOf();
        _axis = x[axis];
        var strides = AxisMapCopy.DenseStrides(x.Dims);
        _axisStride = strides[axis];
        _baseOffsets = new long[indices.ElementCount];
        var index = new int[indices.Rank];
        for (long e = 0; e < _baseOffsets.Length; e++)
        {
            long offset = 0;
            for (int d = 0; d < index.Length; d++) offset += d == axis ? 0 : index[d] * strides[d];
            _baseOffsets[e] = offset;
            for (int d = index.Length - 1; d >= 0 && ++index[d] == indices[d]; d--) index[d] = 0;
        }
        for (int d = 0; d < indices.Rank; d++)
        {
            if (d != axis && indices[d] > x[d])
                throw context.Invalid($"indices {indices} exceed data {x} on axis {d}");
        }
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var data = inputs[0]!.Bytes;
        var indices = inputs[1]!;
        var y = outputs[0].Bytes;
        try
        {
            if (indices.Type == DataType.Int64) GatherReference.GatherElements(data, indices.AsSpan<long>(), y, _elementSize, _baseOffsets, _axisStride, _axis);
            else GatherReference.GatherElements(data, indices.AsSpan<int>(), y, _elementSize, _baseOffsets, _axisStride, _axis);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidInputException($"{_where}: {e.Message}");
        }
    }
}
