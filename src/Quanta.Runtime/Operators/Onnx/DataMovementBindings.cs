using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds ONNX data-movement ops to their kernels, for every element type: the geometry
/// (from attributes, known shape inputs and concrete shapes) is computed once per plan.</summary>
internal static class DataMovementBindings
{
    private static int ElementSize(KernelContext c) => c.Input(0).Type.SizeOf();

    /// <summary>Transpose by the perm attribute.</summary>
    public static IKernel Transpose(KernelContext c)
    {
        var x = c.InputShape(0);
        var perm = TransposeSchema.Permutation(c.Node, c.Attributes.GetInts("perm"), x.Rank);
        return new AxisMapKernel(DataMovementPlans.Transpose(ElementSize(c), x.ToArray(), perm));
    }

    /// <summary>Slice with starts/ends/axes/steps from inputs 1–4.</summary>
    public static IKernel Slice(KernelContext c)
    {
        var x = c.InputShape(0);
        var axes = SliceSchema.Resolve(c.Node, x, c.InputData(1), c.InputData(2), c.HasInput(3) ? c.Input(3) : null, c.HasInput(4) ? c.Input(4) : null)
            ?? throw c.Invalid("starts, ends, axes and steps must be known when the plan is compiled");
        return new AxisMapKernel(DataMovementPlans.Slice(ElementSize(c), x.ToArray(), axes));
    }

    /// <summary>Expand (and TFLite BROADCAST_TO): broadcast input 0 to the output shape.</summary>
    public static IKernel Broadcast(KernelContext c) =>
        new AxisMapKernel(DataMovementPlans.Broadcast(ElementSize(c), c.InputShape(0).ToArray(), c.OutputShape(0).ToArray()));

    /// <summary>Tile (and TFLite TILE) by the repeats in input 1.</summary>
    public static IKernel Tile(KernelContext c)
    {
        var repeats = TensorArgs.Ints(c.Node, c.InputData(1), "repeats") ?? throw c.Invalid("repeats must be known when the plan is compiled");
        return new AxisMapKernel(DataMovementPlans.Tile(ElementSize(c), c.InputShape(0).ToArray(), repeats));
    }

    /// <summary>DepthToSpace (NCHW), DCR or CRD.</summary>
    public static IKernel DepthToSpace(KernelContext c) =>
        new AxisMapKernel(DataMovementPlans.DepthToSpaceNchw(ElementSize(c), c.InputShape(0).ToArray(),
            (int)c.Attributes.GetInt("blocksize"), c.Attributes.GetString("mode", "DCR") == "CRD"));

    /// <summary>SpaceToDepth (NCHW).</summary>
    public static IKernel SpaceToDepth(KernelContext c) =>
        new AxisMapKernel(DataMovementPlans.SpaceToDepthNchw(ElementSize(c), c.InputShape(0).ToArray(), (int)c.Attributes.GetInt("blocksize")));

    /// <summary>Pad: pads (input 1), constant_value (input 2, read at run time), axes (input 3).</summary>
    public static IKernel Pad(KernelContext c)
    {
        var x = c.InputShape(0);
        var pads = TensorArgs.Ints(c.Node, c.InputData(1), "pads") ?? throw c.Invalid("pads must be known when the plan is compiled");
        var axes = c.HasInput(3) ? TensorArgs.Ints(c.Node, c.InputData(3), "axes") : null;
        var (before, after) = PadRule.FromOnnx(c.Node, x.Rank, pads, axes);
        var mode = c.Attributes.GetString("mode", "constant") switch
        {
            "reflect" => PadMode.Reflect,
            "edge" => PadMode.Edge,
            _ => PadMode.Constant,
        };
        return new PadKernel(NewPad(c, x, before, after, mode), 2, new byte[ElementSize(c)]);
    }

    /// <summary>A prepared pad, reporting an impossible one (mirroring an empty axis) with the node's name.</summary>
    public static PadReference NewPad(KernelContext c, Shape x, long[] before, long[] after, PadMode mode)
    {
        try { return new PadReference(ElementSize(c), x.Dims, before, after, mode); }
        catch (ArgumentException e) { throw c.Invalid(e.Message); }
    }

    /// <summary>Concat along the axis attribute.</summary>
    public static IKernel Concat(KernelContext c)
    {
        var y = c.OutputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis"), y.Rank);
        return new ConcatKernel(c, axis, c.Inputs.Select(i => i!.Shape![axis]).ToArray());
    }

    /// <summary>Split along the axis attribute into the outputs' sizes.</summary>
    public static IKernel Split(KernelContext c)
    {
        var x = c.InputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis", 0), x.Rank);
        return new SplitKernel(c, 0, axis, c.Outputs.Select(o => o.Shape![axis]).ToArray());
    }

    /// <summary>Gather along the axis attribute.</summary>
    public static IKernel Gather(KernelContext c) => new GatherKernel(c, c.Attributes.GetInt("axis", 0), 0);

    /// <summary>GatherElements along the axis attribute.</summary>
    public static IKernel GatherElements(KernelContext c) => new GatherElementsKernel(c);
}
