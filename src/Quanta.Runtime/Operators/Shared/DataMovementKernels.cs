using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Output 0 = input 0, byte for byte (Reshape, Flatten, Squeeze, Unsqueeze, Identity and
/// their TFLite twins: the layout does not change, only the shape the plan gave the output).</summary>
internal sealed class CopyKernel : IKernel
{
    public void Run(Tensor?[] inputs, Tensor[] outputs) => inputs[0]!.Bytes.CopyTo(outputs[0].Bytes);
}

/// <summary>Input 0 → output 0 through a prepared <see cref="AxisMapCopy"/> (Transpose, Slice,
/// StridedSlice, Expand, Tile, DepthToSpace, SpaceToDepth).</summary>
internal sealed class AxisMapKernel(AxisMapCopy copy) : IKernel
{
    public void Run(Tensor?[] inputs, Tensor[] outputs) => copy.Run(inputs[0]!.Bytes, outputs[0].Bytes);
}

/// <summary>Joins its inputs along one axis: each input is one contiguous block of every outer
/// row of the output (Concat, CONCATENATION, PACK), optionally followed by a float activation.</summary>
internal sealed class ConcatKernel : IKernel
{
    private readonly int _outer;
    private readonly int[] _rowBytes;
    private readonly long[] _offsets;
    private readonly long _outRowBytes;
    private readonly FusedActivation _activation;

    /// <param name="context">The node; the output shape is known.</param>
    /// <param name="axis">The output axis the inputs are joined along (normalized).</param>
    /// <param name="inputBlocks">Per input, its extent along the axis (1 for PACK).</param>
    /// <param name="activation">Applied to the float output afterwards.</param>
    public ConcatKernel(KernelContext context, int axis, int[] inputBlocks, FusedActivation activation = FusedActivation.None)
    {
        var y = context.OutputShape(0);
        int es = context.Outputs[0].Type.SizeOf();
        _outer = (int)TensorArgs.Product(y, 0, axis);
        long inner = TensorArgs.Product(y, axis + 1, y.Rank) * es;
        _rowBytes = inputBlocks.Select(b => checked((int)(b * inner))).ToArray();
        _offsets = new long[inputBlocks.Length];
        for (int k = 1; k < _offsets.Length; k++) _offsets[k] = _offsets[k - 1] + _rowBytes[k - 1];
        _outRowBytes = y[axis] * inner;
        _activation = activation;
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var y = outputs[0].Bytes;
        for (int k = 0; k < _rowBytes.Length; k++)
            RowCopy.Copy(inputs[k]!.Bytes, 0, _rowBytes[k], y, _offsets[k], _outRowBytes, _outer, _rowBytes[k]);
        if (_activation != FusedActivation.None)
        {
            var f = outputs[0].AsSpan<float>();
            for (int i = 0; i < f.Length; i++) f[i] = _activation.Apply(f[i]);
        }
    }
}

/// <summary>Cuts one input along an axis into its outputs (Split, SPLIT, SPLIT_V, UNPACK).</summary>
internal sealed class SplitKernel : IKernel
{
    private readonly int _input;
    private readonly int _outer;
    private readonly int[] _rowBytes;
    private readonly long[] _offsets;
    private readonly long _inRowBytes;

    /// <param name="context">The node.</param>
    /// <param name="dataIndex">Which input holds the data.</param>
    /// <param name="axis">The input axis cut (normalized).</param>
    /// <param name="sizes">Per output, its extent along the axis.</param>
    public SplitKernel(KernelContext context, int dataIndex, int axis, int[] sizes)
    {
        var x = context.InputShape(dataIndex);
        int es = context.Input(dataIndex).Type.SizeOf();
        _input = dataIndex;
        _outer = (int)TensorArgs.Product(x, 0, axis);
        long inner = TensorArgs.Product(x, axis + 1, x.Rank) * es;
        _rowBytes = sizes.Select(s => checked((int)(s * inner))).ToArray();
        _offsets = new long[sizes.Length];
        for (int k = 1; k < _offsets.Length; k++) _offsets[k] = _offsets[k - 1] + _rowBytes[k - 1];
        _inRowBytes = x[axis] * inner;
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var x = inputs[_input]!.Bytes;
        for (int k = 0; k < _rowBytes.Length; k++)
            RowCopy.Copy(x, _offsets[k], _inRowBytes, outputs[k].Bytes, 0, _rowBytes[k], _outer, _rowBytes[k]);
    }
}

/// <summary>Writes bytes computed when the plan was compiled (Shape, Size, Range).</summary>
internal sealed class ConstantBytesKernel(byte[] bytes) : IKernel
{
    public void Run(Tensor?[] inputs, Tensor[] outputs) => bytes.CopyTo(outputs[0].Bytes);
}

/// <summary>Fills output 0 with one element: a fixed one (ConstantOfShape, ZEROS_LIKE) or the
/// first element of an input (FILL's value).</summary>
internal sealed class FillKernel : IKernel
{
    private readonly byte[]? _element;
    private readonly int _valueInput;

    public FillKernel(byte[] element) => (_element, _valueInput) = (element, -1);

    public FillKernel(int valueInput) => _valueInput = valueInput;

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var y = outputs[0];
        ReadOnlySpan<byte> element = _element ?? inputs[_valueInput]!.Bytes[..y.Type.SizeOf()];
        RowCopy.Fill(y.Bytes, element);
    }
}

/// <summary>Element type conversion (Cast, CastLike, CAST).</summary>
internal sealed class CastKernel : IKernel
{
    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var x = inputs[0]!;
        CastReference.Cast(x.Type, x.Bytes, outputs[0].Type, outputs[0].Bytes);
    }
}

/// <summary>Pads input 0 (constant, mirror or edge); the constant comes from an input's first
/// element, or from fixed bytes (zero, or TFLite's output zero point).</summary>
internal sealed class PadKernel(PadReference pad, int constantInput, byte[] defaultConstant) : IKernel
{
    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        ReadOnlySpan<byte> constant = constantInput >= 0 && constantInput < inputs.Length && inputs[constantInput] is { ElementCount: > 0 } c
            ? c.Bytes[..c.Type.SizeOf()]
            : defaultConstant;
        pad.Run(inputs[0]!.Bytes, outputs[0].Bytes, constant);
    }
}
