using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;

namespace Quanta.Runtime;

/// <summary>
/// ONNX MatMulInteger and QLinearMatMul, batched with numpy broadcasting, int8 or uint8 operands, on
/// <see cref="MatMulIntegerReference"/>.
/// </summary>
/// <remarks>
/// MatMulInteger (A, B, a_zero_point, b_zero_point → int32): zero points per tensor, per row of A
/// ([M] or A's shape with K replaced by 1) and per column of B ([N] or B's shape with K replaced by 1),
/// as the spec allows. QLinearMatMul (a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale,
/// y_zero_point): a and y per tensor, b per tensor or per column, output multiplier
/// <c>a_scale · b_scale[j] / y_scale</c> (ORT's order).
/// </remarks>
internal sealed class QLinearMatMulKernel : IKernel
{
    private readonly MatMulBatch _batch;
    private readonly DataType _aType, _bType, _yType;
    private readonly QuantOperand _a, _b;
    private readonly QuantOperand? _y;
    private readonly bool _aPerBatch, _bPerBatch;
    private readonly float[] _multipliers;
    private readonly int[] _accumulators;
    private readonly int _min, _max;
    private readonly int _bIndex;

    public QLinearMatMulKernel(KernelContext c, bool integerOutput)
    {
        _bIndex = integerOutput ? 1 : 3;
        _aType = QLinearBinding.EightBit(c, 0, "A");
        _bType = QLinearBinding.EightBit(c, _bIndex, "B");
        var aShape = c.InputShape(0);
        var bShape = c.InputShape(_bIndex);
        _batch = new MatMulBatch(aShape, bShape);
        if (integerOutput)
        {
            _yType = DataType.Int32;
            var perRow = aShape.Rank >= 2 ? new Shape([.. aShape.Dims[..^1], 1]) : null;
            var perColumn = bShape.Rank >= 2 ? new Shape([.. bShape.Dims[..^2], 1, bShape[-1]]) : null;
            _a = QuantOperand.BindZeroPoint(c, "a", 2, _aType, _batch.M, perRow);
            _b = QuantOperand.BindZeroPoint(c, "b", 3, _bType, _batch.N, perColumn);
            _aPerBatch = aShape.Rank > 2 && _a.Count > _batch.M;
            _bPerBatch = bShape.Rank > 2 && _b.Count > _batch.N;
            _multipliers = [];
            _accumulators = [];
            return;
        }
        _yType = c.Outputs[0].Type;
        _a = QuantOperand.Bind(c, "a", 1, 2, _aType);
        _b = QuantOperand.Bind(c, "b", 4, 5, _bType, _batch.N);
        _y = QuantOperand.Bind(c, "y", 6, 7, _yType);
        (_min, _max) = QLinearBinding.Clamp(c, _yType);
        _multipliers = new float[_b.Count];
        _accumulators = new int[_batch.M * _batch.N];
        if (_a.IsConstant && _b.IsConstant && _y.IsConstant) ComputeMultipliers();
    }

    private void ComputeMultipliers()
    {
        for (int j = 0; j < _multipliers.Length; j++)
            _multipliers[j] = FloatRequantization.Multiplier(_a.Scales[0], _b.Scales[j], _y!.Scales[0]);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        _a.Refresh(inputs);
        _b.Refresh(inputs);
        var a = inputs[0]!;
        var b = inputs[_bIndex]!;
        if (_y is null)
        {
            var y = outputs[0].AsSpan<int>();
            for (int i = 0; i < _batch.Count; i++) Accumulate(a, b, i, y, _batch.Y(i));
            return;
        }
        _y.Refresh(inputs);
        if (!(_a.IsConstant && _b.IsConstant && _y.IsConstant)) ComputeMultipliers();
        int mn = _batch.M * _batch.N;
        for (int i = 0; i < _batch.Count; i++)
        {
            Accumulate(a, b, i, _accumulators, MatrixLayout.RowMajor(_batch.N));
            if (_yType == DataType.Int8)
                MatMulIntegerReference.Requantize(_accumulators, _batch.N, _multipliers, _y.ZeroPoints[0], _min, _max, outputs[0].AsSpan<sbyte>().Slice(i * mn, mn));
            else
                MatMulIntegerReference.Requantize(_accumulators, _batch.N, _multipliers, _y.ZeroPoints[0], _min, _max, outputs[0].AsSpan<byte>().Slice(i * mn, mn));
        }
    }

    private void Accumulate(Tensor a, Tensor b, int i, Span<int> y, MatrixLayout ly)
    {
        var azp = _a.ZeroPoints;
        var bzp = _b.ZeroPoints;
        // N-D zero points follow their operand's batch: A's matrix j has rows j·M … j·M + M − 1.
        if (_aPerBatch) azp = azp.Slice(_batch.OffsetsA[i] / Math.Max(_batch.K, 1), _batch.M);
        if (_bPerBatch) bzp = bzp.Slice(_batch.OffsetsB[i] / Math.Max(_batch.K, 1), _batch.N);
        switch ((_aType, _bType))
        {
            case (DataType.UInt8, DataType.Int8): Run<byte, sbyte>(a, azp, b, bzp, i, y, ly); break;
            case (DataType.UInt8, _): Run<byte, byte>(a, azp, b, bzp, i, y, ly); break;
            case (_, DataType.Int8): Run<sbyte, sbyte>(a, azp, b, bzp, i, y, ly); break;
            default: Run<sbyte, byte>(a, azp, b, bzp, i, y, ly); break;
        }
    }

    private void Run<TA, TB>(Tensor a, ReadOnlySpan<int> azp, Tensor b, ReadOnlySpan<int> bzp, int i, Span<int> y, MatrixLayout ly)
        where TA : unmanaged, IBinaryInteger<TA>
        where TB : unmanaged, IBinaryInteger<TB> =>
        MatMulIntegerReference.Accumulate(_batch.M, _batch.N, _batch.K, a.AsSpan<TA>(), _batch.A(i), azp, b.AsSpan<TB>(), _batch.B(i), bzp, y, ly);
}
