using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// ONNX MatMulInteger and QLinearMatMul, batched with numpy broadcasting, int8 or uint8 operands, on
/// <see cref="MatMulIntegerReference"/>.
/// </summary>
/// <remarks>
/// As the spec allows, A's parameters are per tensor or per row ([M], or A's shape with K replaced by
/// 1) and B's per tensor or per column ([N], or B's shape with K replaced by 1). MatMulInteger (A, B,
/// a_zero_point, b_zero_point) gives the int32 accumulators; QLinearMatMul (a, a_scale, a_zero_point,
/// b, b_scale, b_zero_point, y_scale, y_zero_point) requantizes them with the multiplier
/// <c>a_scale[i] · b_scale[j] / y_scale</c> (ORT's order).
/// </remarks>
internal sealed class QLinearMatMulKernel : IKernel
{
    private readonly MatMulBatch _batch;
    private readonly DataType _aType, _bType, _yType;
    private readonly QuantOperand _a, _b;
    private readonly QuantOperand? _y;
    private readonly bool _aPerBatch, _bPerBatch;
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
        var perRow = aShape.Rank >= 2 ? new Shape([.. aShape.Dims[..^1], 1]) : null;
        var perColumn = bShape.Rank >= 2 ? new Shape([.. bShape.Dims[..^2], 1, bShape[-1]]) : null;
        if (integerOutput)
        {
            _yType = DataType.Int32;
            _a = QuantOperand.BindZeroPoint(c, "a", 2, _aType, _batch.M, perRow);
            _b = QuantOperand.BindZeroPoint(c, "b", 3, _bType, _batch.N, perColumn);
            _accumulators = [];
        }
        else
        {
            _yType = c.Outputs[0].Type;
            _a = QuantOperand.Bind(c, "a", 1, 2, _aType, _batch.M, perRow);
            _b = QuantOperand.Bind(c, "b", 4, 5, _bType, _batch.N, perColumn);
            _y = QuantOperand.Bind(c, "y", 6, 7, _yType);
            (_min, _max) = QLinearBinding.Clamp(c, _yType);
            _accumulators = new int[_batch.M * _batch.N];
        }
        _aPerBatch = _a.Count > _batch.M;
        _bPerBatch = _b.Count > _batch.N;
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        _a.Refresh(inputs);
        _b.Refresh(inputs);
        _y?.Refresh(inputs);
        var a = inputs[0]!;
        var b = inputs[_bIndex]!;
        int mn = _batch.M * _batch.N;
        for (int i = 0; i < _batch.Count; i++)
        {
            // N-D parameters follow their operand's batch: A's matrix t has rows t·M … t·M + M − 1.
            int aStart = _aPerBatch ? _batch.OffsetsA[i] / Math.Max(_batch.K, 1) : 0;
            int bStart = _bPerBatch ? _batch.OffsetsB[i] / Math.Max(_batch.K, 1) : 0;
            int aCount = _aPerBatch ? _batch.M : _a.Count, bCount = _bPerBatch ? _batch.N : _b.Count;
            var azp = _a.ZeroPoints.Slice(aStart, aCount);
            var bzp = _b.ZeroPoints.Slice(bStart, bCount);
            if (_y is null)
            {
                Accumulate(a, azp, b, bzp, i, outputs[0].AsSpan<int>(), _batch.Y(i));
                continue;
            }
            Accumulate(a, azp, b, bzp, i, _accumulators, MatrixLayout.RowMajor(_batch.N));
            var aScales = _a.Scales.Slice(aStart, aCount);
            var bScales = _b.Scales.Slice(bStart, bCount);
            float yScale = _y.Scales[0];
            int yZero = _y.ZeroPoints[0];
            if (_yType == DataType.Int8)
                MatMulIntegerReference.Requantize(_accumulators, _batch.N, aScales, bScales, yScale, yZero, _min, _max, outputs[0].AsSpan<sbyte>().Slice(i * mn, mn));
            else
                MatMulIntegerReference.Requantize(_accumulators, _batch.N, aScales, bScales, yScale, yZero, _min, _max, outputs[0].AsSpan<byte>().Slice(i * mn, mn));
        }
    }

    private void Accumulate(Tensor a, ReadOnlySpan<int> azp, Tensor b, ReadOnlySpan<int> bzp, int i, Span<int> y, MatrixLayout ly)
    {
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
