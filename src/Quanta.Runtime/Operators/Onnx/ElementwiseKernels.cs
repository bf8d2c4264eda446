using System.Numerics;
using System.Runtime.InteropServices;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Binds a unary element-wise op (ONNX or TFLite) to the reference driver; the operator
/// struct carries the op's attributes, read once at bind time.</summary>
internal sealed class UnaryKernel<TX, TY, TOp>(TOp op) : IKernel
    where TX : unmanaged where TY : unmanaged where TOp : struct, IUnaryOperator<TX, TY>
{
    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ElementwiseReference.Unary<TX, TY, TOp>(op, inputs[0]!.AsSpan<TX>(), outputs[0].AsSpan<TY>());
}

/// <summary>Binds a binary element-wise op with broadcasting: the broadcast layout is planned
/// once at bind time, so a run only streams.</summary>
internal sealed class BinaryKernel<TA, TB, TY, TOp> : IKernel
    where TA : unmanaged where TB : unmanaged where TY : unmanaged where TOp : struct, IBinaryOperator<TA, TB, TY>
{
    private readonly TOp _op;
    private readonly BroadcastLayout _layout;

    public BinaryKernel(KernelContext context, TOp op)
    {
        _op = op;
        _layout = ElementwiseLayouts.Plan(context, context.OutputShape(0), context.InputShape(0), context.InputShape(1));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs) =>
        ElementwiseReference.Binary<TA, TB, TY, TOp>(_op, inputs[0]!.AsSpan<TA>(), inputs[1]!.AsSpan<TB>(), outputs[0].AsSpan<TY>(), _layout);
}

/// <summary>
/// Binds ONNX's variadic Max, Min, Sum and Mean: y = op(…op(op(x₀, x₁), x₂)…, xₙ₋₁), folded left to
/// right into the output, each input broadcast to it; Mean then divides by n (numpy's order).
/// </summary>
internal sealed class VariadicKernel<T, TOp> : IKernel where T : unmanaged where TOp : struct, IBinaryOperator<T, T, T>
{
    private readonly TOp _op;
    private readonly BroadcastLayout[] _layouts;
    private readonly int _count;
    private readonly bool _mean;

    /// <param name="context">The node.</param>
    /// <param name="op">The pairwise operation.</param>
    /// <param name="mean">Divide the folded sum by the input count (Mean; float only).</param>
    public VariadicKernel(KernelContext context, TOp op, bool mean = false)
    {
        _op = op;
        _count = context.Inputs.Count;
        _mean = mean;
        var y = context.OutputShape(0);
        _layouts = new BroadcastLayout[_count];
        _layouts[0] = ElementwiseLayouts.Plan(context, y, context.InputShape(0));
        for (int k = 1; k < _count; k++)
            _layouts[k] = ElementwiseLayouts.Plan(context, y, k == 1 ? context.InputShape(0) : y, context.InputShape(k));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var y = outputs[0].AsSpan<T>();
        if (_count == 1) inputs[0]!.AsSpan<T>().CopyTo(y);
        else ElementwiseReference.Binary<T, T, T, TOp>(_op, inputs[0]!.AsSpan<T>(), inputs[1]!.AsSpan<T>(), y, _layouts[1]);
        for (int k = 2; k < _count; k++)
            ElementwiseReference.Binary<T, T, T, TOp>(_op, y, inputs[k]!.AsSpan<T>(), y, _layouts[k]);
        if (_mean)
        {
            var f = MemoryMarshal.Cast<T, float>(y);
            ElementwiseReference.Unary<float, float, DivideByOperator>(new DivideByOperator(_count), f, f);
        }
    }
}

/// <summary>
/// Binds ONNX Where and TFLite SELECT / SELECT_V2: a bool condition picks from X or Y, all three
/// broadcast to the output. Pure data movement, so the driver is chosen by element size.
/// </summary>
internal sealed class SelectKernel : IKernel
{
    private readonly BroadcastLayout _layout;
    private readonly int _elementSize;

    /// <param name="context">The node.</param>
    /// <param name="conditionShape">The condition's shape as it broadcasts (TFLite SELECT's vector
    /// condition is given as [N, 1, …, 1]); null for its own shape.</param>
    public SelectKernel(KernelContext context, Shape? conditionShape = null)
    {
        _elementSize = context.Input(1).Type.SizeOf();
        _layout = ElementwiseLayouts.Plan(context, context.OutputShape(0), conditionShape ?? context.InputShape(0), context.InputShape(1), context.InputShape(2));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var c = inputs[0]!.AsSpan<bool>();
        Span<byte> x = inputs[1]!.Bytes, o = inputs[2]!.Bytes, y = outputs[0].Bytes;
        switch (_elementSize)
        {
            case 1: ElementwiseReference.Select<byte>(c, x, o, y, _layout); break;
            case 2: ElementwiseReference.Select(c, MemoryMarshal.Cast<byte, ushort>(x), MemoryMarshal.Cast<byte, ushort>(o), MemoryMarshal.Cast<byte, ushort>(y), _layout); break;
            case 4: ElementwiseReference.Select(c, MemoryMarshal.Cast<byte, uint>(x), MemoryMarshal.Cast<byte, uint>(o), MemoryMarshal.Cast<byte, uint>(y), _layout); break;
            default: ElementwiseReference.Select(c, MemoryMarshal.Cast<byte, ulong>(x), MemoryMarshal.Cast<byte, ulong>(o), MemoryMarshal.Cast<byte, ulong>(y), _layout); break;
        }
    }
}

/// <summary>
/// Binds ONNX Clip: min and max are optional inputs that may change between runs (node tests feed
/// them), so they are read at run time; an absent bound is the type's widest (±∞ for floats).
/// </summary>
internal sealed class ClipKernel<T>(T lowest, T highest) : IKernel where T : unmanaged, INumber<T>
{
    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        T lo = inputs.Length > 1 && inputs[1] is { } min ? min.AsSpan<T>()[0] : lowest;
        T hi = inputs.Length > 2 && inputs[2] is { } max ? max.AsSpan<T>()[0] : highest;
        ElementwiseReference.Unary<T, T, ClampOperator<T>>(new ClampOperator<T>(lo, hi), inputs[0]!.AsSpan<T>(), outputs[0].AsSpan<T>());
    }
}

/// <summary>Plans broadcast layouts for kernel bindings, with errors that name the node.</summary>
internal static class ElementwiseLayouts
{
    public static BroadcastLayout Plan(KernelContext context, Shape output, params Shape[] operands)
    {
        try
        {
            return new BroadcastLayout(output.Dims, Array.ConvertAll(operands, s => s.ToArray()));
        }
        catch (ArgumentException e)
        {
            throw context.Invalid($"inputs {string.Join(", ", operands.Select(s => s.ToString()))} do not broadcast to {output}: {e.Message}");
        }
    }

    /// <summary>Integer kernels compute plain integers: values that carry quantization parameters
    /// need the quantized kernels instead.</summary>
    public static KernelContext RejectQuantized(KernelContext context)
    {
        foreach (var v in context.Inputs.Concat(context.Outputs))
        {
            if (v?.Quant is not null)
                throw context.Unsupported($"{v.Type} values with quantization parameters need a quantized kernel; this one computes plain integers");
        }
        return context;
    }
}
