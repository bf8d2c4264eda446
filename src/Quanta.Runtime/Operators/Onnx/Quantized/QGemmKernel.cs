using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// com.microsoft QGemm on <see cref="MatMulIntegerReference"/>: <c>acc = Σ (A − a_zp)(B − b_zp[j]) + C</c>
/// in int32 (C broadcast from a scalar, [N], [1, N], [M, 1] or [M, N]), then either quantized with
/// multiplier <c>alpha · a_scale · b_scale[j] / y_scale</c> (when y_zero_point is given) or scaled to
/// float32 by <c>alpha · a_scale · b_scale[j]</c>, as ONNX Runtime's QGemm computes both.
/// </summary>
internal sealed class QGemmKernel : IKernel
{
    private readonly int _m, _n, _k;
    private readonly MatrixLayout _la, _lb, _lc;
    private readonly DataType _aType, _bType, _yType;
    private readonly QuantOperand _a, _b;
    private readonly QuantOperand? _y;
    private readonly float _alpha;
    private readonly bool _hasC;
    private readonly float[] _multipliers;
    private readonly int[] _accumulators;
    private readonly int _min, _max;

    public QGemmKernel(KernelContext c)
    {
        _aType = QLinearBinding.EightBit(c, 0, "A");
        _bType = QLinearBinding.EightBit(c, 3, "B");
        var a = c.InputShape(0);
        var b = c.InputShape(3);
        bool transA = c.Attributes.GetInt("transA", 0) != 0;
        bool transB = c.Attributes.GetInt("transB", 0) != 0;
        (_m, _k) = transA ? (a[1], a[0]) : (a[0], a[1]);
        _n = transB ? b[0] : b[1];
        _la = transA ? MatrixLayout.TransposedRowMajor(a[1]) : MatrixLayout.RowMajor(a[1]);
        _lb = transB ? MatrixLayout.TransposedRowMajor(b[1]) : MatrixLayout.RowMajor(b[1]);
        _alpha = c.Attributes.GetFloat("alpha", 1f);
        _a = QuantOperand.Bind(c, "a", 1, 2, _aType);
        _b = QuantOperand.Bind(c, "b", 4, 5, _bType, _n);
        _yType = c.Outputs[0].Type;
        if (_yType != DataType.Float32)
        {
            _y = QuantOperand.Bind(c, "y", 7, 8, _yType);
            (_min, _max) = QLinearBinding.Clamp(c, _yType);
        }
        else if (c.HasInput(7))
        {
            throw new QuantizationParameterException(QLinearBinding.InputName(c, 7, "y_scale"),
                $"QGemm '{c.Node.Name}': y_scale is given without y_zero_point; give both (quantized output) or neither (float output)");
        }
        _hasC = c.HasInput(6);
        if (_hasC) _lc = BiasLayout(c, c.InputShape(6));
        _multipliers = new float[_b.Count];
        _accumulators = new int[_m * _n];
        if (_a.IsConstant && _b.IsConstant && (_y?.IsConstant ?? true)) ComputeMultipliers();
    }

    private MatrixLayout BiasLayout(KernelContext c, Shape shape)
    {
        if (c.Input(6).Type != DataType.Int32)
            throw new QuantizationParameterException(QLinearBinding.InputName(c, 6, "C"), $"QGemm '{c.Node.Name}': C is {c.Input(6).Type}; it must be int32");
        int rows = shape.Rank == 2 ? shape[0] : 1;
        int cols = shape.Rank >= 1 ? shape[-1] : 1;
        if (shape.Rank > 2 || (rows != 1 && rows != _m) || (cols != 1 && cols != _n))
            throw c.Invalid($"C {shape} does not broadcast to [{_m}, {_n}]");
        return new MatrixLayout(0, rows == 1 ? 0 : cols, cols == 1 ? 0 : 1);
    }

    private void ComputeMultipliers()
    {
        for (int j = 0; j < _multipliers.Length; j++)
        {
            float scale = _alpha * _a.Scales[0] * _b.Scales[j];
            _multipliers[j] = _y is null ? scale : scale / _y.Scales[0];
        }
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        _a.Refresh(inputs);
        _b.Refresh(inputs);
        _y?.Refresh(inputs);
        if (!(_a.IsConstant && _b.IsConstant && (_y?.IsConstant ?? true))) ComputeMultipliers();
        Accumulate(inputs[0]!, inputs[3]!);
        if (_hasC)
        {
            var bias = inputs[6]!.AsSpan<int>();
            for (int i = 0; i < _m; i++)
            {
                for (int j = 0; j < _n; j++) _accumulators[i * _n + j] = unchecked(_accumulators[i * _n + j] + bias[_lc.At(i, j)]);
            }
        }
        var y = outputs[0];
        switch (_yType)
        {
            case DataType.Int8: MatMulIntegerReference.Requantize(_accumulators, _n, _multipliers, _y!.ZeroPoints[0], _min, _max, y.AsSpan<sbyte>()); break;
            case DataType.UInt8: MatMulIntegerReference.Requantize(_accumulators, _n, _multipliers, _y!.ZeroPoints[0], _min, _max, y.AsSpan<byte>()); break;
            default:
                var f = y.AsSpan<float>();
                for (int i = 0; i < f.Length; i++) f[i] = _accumulators[i] * (_multipliers.Length == 1 ? _multipliers[0] : _multipliers[i % _n]);
                break;
        }
    }

    private void Accumulate(Tensor a, Tensor b)
    {
        switch ((_aType, _bType))
        {
            case (DataType.UInt8, DataType.Int8): Run<byte, sbyte>(a, b); break;
            case (DataType.UInt8, _): Run<byte, byte>(a, b); break;
            case (_, DataType.Int8): Run<sbyte, sbyte>(a, b); break;
            default: Run<sbyte, byte>(a, b); break;
        }
    }

    private void Run<TA, TB>(Tensor a, Tensor b)
        where TA : unmanaged, IBinaryInteger<TA>
        where TB : unmanaged, IBinaryInteger<TB> =>
        MatMulIntegerReference.Accumulate(_m, _n, _k, a.AsSpan<TA>(), _la, _a.ZeroPoints, b.AsSpan<TB>(), _lb, _b.ZeroPoints, _accumulators, MatrixLayout.RowMajor(_n));
}
