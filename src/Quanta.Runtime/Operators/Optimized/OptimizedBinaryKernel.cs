using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// Binds float ADD/MUL (TFLite, with the fused clamp) and Add/Mul (ONNX) to
/// <see cref="F32VBinaryMinmax{TVector}"/> when the broadcast is one of the common forms: equal
/// shapes, one single-element operand, or one operand that is a vector along the last axis (a
/// per-channel bias or scale in NHWC). Other broadcasts return null and run the reference.
/// </summary>
internal sealed unsafe class OptimizedBinaryKernel<TVector, TOp> : IKernel
    where TVector : struct, IFloatVector<TVector>
    where TOp : struct, IF32BinaryOp<TVector>
{
    private enum Form { Same, Scalar, Row }

    private readonly Form _form;
    private readonly bool _swap;
    private readonly int _rows, _columns;
    private readonly float _min, _max;

    private OptimizedBinaryKernel(Form form, bool swap, int rows, int columns, float min, float max) =>
        (_form, _swap, _rows, _columns, _min, _max) = (form, swap, rows, columns, min, max);

    /// <summary>The kernel for a binary node, or null.</summary>
    public static IKernel? TryCreate(KernelContext context)
    {
        if (context.Input(0).Type != DataType.Float32 || context.Input(1).Type != DataType.Float32) return null;
        float min = float.NegativeInfinity, max = float.PositiveInfinity;
        if (context.Node.Domain == OpDomains.Tflite)
        {
            if (OptimizedFloatBinding.ActivationRange(context) is not var (lo, hi)) return null;
            (min, max) = (lo, hi);
        }
        Shape a = context.InputShape(0), b = context.InputShape(1), y = context.OutputShape(0);
        long n = y.ElementCount;
        if (n > int.MaxValue) return null;
        if (a == b) return new OptimizedBinaryKernel<TVector, TOp>(Form.Same, false, 1, (int)n, min, max);
        bool swap = a.ElementCount != n;
        var (full, other) = swap ? (b, a) : (a, b);
        if (full.ElementCount != n) return null;
        if (other.ElementCount == 1) return new OptimizedBinaryKernel<TVector, TOp>(Form.Scalar, swap, 1, (int)n, min, max);
        int c = full.Rank > 0 ? full[-1] : 0;
        if (c > 0 && other.Rank > 0 && other[-1] == c && other.ElementCount == c)
            return new OptimizedBinaryKernel<TVector, TOp>(Form.Row, swap, (int)(n / c), c, min, max);
        return null;
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        var (full, other) = _swap ? (inputs[1]!, inputs[0]!) : (inputs[0]!, inputs[1]!);
        // Both ops are commutative, so swapping the operands changes nothing.
        fixed (float* a = full.AsSpan<float>(), b = other.AsSpan<float>(), y = outputs[0].AsSpan<float>())
        {
            switch (_form)
            {
                case Form.Same:
                    F32VBinaryMinmax<TVector>.Run<TOp>(_columns, a, b, y, _min, _max);
                    break;
                case Form.Scalar:
                    F32VBinaryMinmax<TVector>.RunScalar<TOp>(_columns, a, *b, y, _min, _max);
                    break;
                default:
                    for (int r = 0; r < _rows; r++)
                        F32VBinaryMinmax<TVector>.Run<TOp>(_columns, a + (long)r * _columns, b, y + (long)r * _columns, _min, _max);
                    break;
            }
        }
    }
}
