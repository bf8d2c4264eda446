using System.Runtime.InteropServices;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds TFLite data-movement and shape ops to their kernels, for every element type.
/// Quantized tensors pass through with their bytes unchanged, as TFLite's kernels copy them.</summary>
internal static class TfliteDataMovementBindings
{
    private static int ElementSize(KernelContext c, int input = 0) => c.Input(input).Type.SizeOf();

    private static long[] Known(KernelContext c, int input, string what) =>
        TensorArgs.Ints(c.Node, c.InputData(input), what) ?? throw c.Invalid($"{what} must be known when the plan is compiled");

    /// <summary>TRANSPOSE by the permutation in input 1.</summary>
    public static IKernel Transpose(KernelContext c)
    {
        var x = c.InputShape(0);
        var perm = TransposeSchema.Permutation(c.Node, Known(c, 1, "perm"), x.Rank);
        return new AxisMapKernel(DataMovementPlans.Transpose(ElementSize(c), x.ToArray(), perm));
    }

    /// <summary>CONCATENATION with its fused activation (float only), for the types the integer
    /// kernels do not claim (int8/int16 requantize there). Quantized uint8 inputs must share the
    /// output's parameters: TFLite rescales them, which this kernel does not.</summary>
    public static IKernel Concatenation(KernelContext c)
    {
        var y = c.OutputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis", 0), y.Rank);
        var activation = FusedActivations.Parse(c.Attributes.GetString("fused_activation_function", "NONE"));
        var type = c.Outputs[0].Type;
        if (activation != FusedActivation.None && type != DataType.Float32)
            throw c.Unsupported($"fused activation {activation} on {type} inputs (only float32 CONCATENATION applies one)");
        if (activation is FusedActivation.SignBit)
            throw c.Unsupported("fused activation SIGN_BIT");
        if (c.Outputs[0].Quant is { IsPerAxis: false } qo)
        {
            for (int i = 0; i < c.Inputs.Count; i++)
            {
                if (c.Input(i).Quant is { IsPerAxis: false } qi && !qi.Equals(qo))
                    throw c.Unsupported($"input {i} ({qi}) and the output ({qo}) are quantized differently; requantizing CONCATENATION is not supported");
            }
        }
        return new ConcatKernel(c, axis, c.Inputs.Select(i => i!.Shape![axis]).ToArray(), activation);
    }

    /// <summary>SPLIT: axis in input 0, data in input 1, equal parts.</summary>
    public static IKernel Split(KernelContext c)
    {
        var x = c.InputShape(1);
        int axis = TensorArgs.Axis(c.Node, TensorArgs.Int(c.Node, c.InputData(0), "axis") ?? throw c.Invalid("axis must be known"), x.Rank);
        return new SplitKernel(c, 1, axis, c.Outputs.Select(o => o.Shape![axis]).ToArray());
    }

    /// <summary>SPLIT_V: sizes in input 1, axis in input 2.</summary>
    public static IKernel SplitV(KernelContext c)
    {
        var x = c.InputShape(0);
        int axis = TensorArgs.Axis(c.Node, TensorArgs.Int(c.Node, c.InputData(2), "axis") ?? throw c.Invalid("axis must be known"), x.Rank);
        return new SplitKernel(c, 0, axis, c.Outputs.Select(o => o.Shape![axis]).ToArray());
    }

    /// <summary>PACK: each input is one block of the new axis.</summary>
    public static IKernel Pack(KernelContext c)
    {
        var y = c.OutputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis", 0), y.Rank);
        return new ConcatKernel(c, axis, Enumerable.Repeat(1, c.Inputs.Count).ToArray());
    }

    /// <summary>UNPACK: each output is one index of the axis.</summary>
    public static IKernel Unpack(KernelContext c)
    {
        var x = c.InputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis", 0), x.Rank);
        return new SplitKernel(c, 0, axis, Enumerable.Repeat(1, c.Outputs.Count).ToArray());
    }

    /// <summary>STRIDED_SLICE with TFLite's mask semantics.</summary>
    public static IKernel StridedSlice(KernelContext c)
    {
        var x = c.InputShape(0);
        var axes = TfliteStridedSliceSchema.Resolve(c.Node, x, c.InputData(1), c.InputData(2), c.InputData(3))
            ?? throw c.Invalid("begin, end and strides must be known when the plan is compiled");
        return new AxisMapKernel(DataMovementPlans.StridedSlice(ElementSize(c), x.ToArray(), axes));
    }

    /// <summary>SLICE by begin and size.</summary>
    public static IKernel Slice(KernelContext c)
    {
        var x = c.InputShape(0);
        var axes = TfliteSliceSchema.Resolve(c.Node, x, c.InputData(1), c.InputData(2))
            ?? throw c.Invalid("begin and size must be known when the plan is compiled");
        return new AxisMapKernel(DataMovementPlans.Slice(ElementSize(c), x.ToArray(), axes));
    }

    /// <summary>GATHER with axis and batch_dims.</summary>
    public static IKernel Gather(KernelContext c) =>
        new GatherKernel(c, c.Attributes.GetInt("axis", 0), c.Attributes.GetInt("batch_dims", 0));

    /// <summary>PAD (zeros), PADV2 (input 2's value) and MIRROR_PAD, for the types the integer
    /// kernels do not claim (quantized PAD pads with the zero point: KernelTable.Quantized).</summary>
    public static IKernel Pad(KernelContext c)
    {
        var x = c.InputShape(0);
        var (before, after) = PadRule.FromTflite(c.Node, x.Rank, Known(c, 1, "paddings"));
        var mode = c.Node.OpType != "MIRROR_PAD" ? PadMode.Constant
            : c.Attributes.GetString("mode", "REFLECT") == "SYMMETRIC" ? PadMode.Symmetric : PadMode.Reflect;
        int constantInput = c.Node.OpType == "PADV2" ? 2 : -1;
        return new PadKernel(DataMovementBindings.NewPad(c, x, before, after, mode), constantInput, new byte[ElementSize(c)]);
    }

    /// <summary>DEPTH_TO_SPACE (NHWC).</summary>
    public static IKernel DepthToSpace(KernelContext c) =>
        new AxisMapKernel(DataMovementPlans.DepthToSpaceNhwc(ElementSize(c), c.InputShape(0).ToArray(), (int)c.Attributes.GetInt("block_size")));

    /// <summary>SPACE_TO_DEPTH (NHWC).</summary>
    public static IKernel SpaceToDepth(KernelContext c) =>
        new AxisMapKernel(DataMovementPlans.SpaceToDepthNhwc(ElementSize(c), c.InputShape(0).ToArray(), (int)c.Attributes.GetInt("block_size")));

    /// <summary>SHAPE as int32 or int64 (normally folded at compile time).</summary>
    public static IKernel Shape(KernelContext c)
    {
        var x = c.InputShape(0);
        byte[] bytes = c.Outputs[0].Type == DataType.Int64
            ? MemoryMarshal.AsBytes(x.ToInt64Array().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(x.ToArray().AsSpan()).ToArray();
        return new ConstantBytesKernel(bytes);
    }

    /// <summary>FILL: the value (input 1) repeated.</summary>
    public static IKernel Fill(KernelContext c) => new FillKernel(1);

    /// <summary>ZEROS_LIKE: zeros of the input's type.</summary>
    public static IKernel ZerosLike(KernelContext c) => new FillKernel(new byte[ElementSize(c)]);
}
