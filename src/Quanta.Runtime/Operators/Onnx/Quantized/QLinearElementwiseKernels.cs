using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// com.microsoft QLinearAdd and QLinearMul (A, A_scale, A_zero_point, B, B_scale, B_zero_point,
/// C_scale, C_zero_point), numpy broadcasting, int8 or uint8: dequantize, add or multiply and
/// quantize in float (<see cref="QLinearAddOperator{T}"/>), with the optional output clamp of a fused Relu.
/// </summary>
internal sealed class QLinearBinaryKernel : IKernel
{
    private readonly BroadcastLayout _layout;
    private readonly QuantOperand _a, _b, _c;
    private readonly DataType _type;
    private readonly bool _multiply;
    private readonly int _min, _max;

    public QLinearBinaryKernel(KernelContext c, bool multiply)
    {
        _multiply = multiply;
        _type = QLinearBinding.EightBit(c, 0, "A");
        if (c.Input(3).Type != _type) throw c.Unsupported($"A is {_type} but B is {c.Input(3).Type}");
        _a = QuantOperand.Bind(c, "A", 1, 2, _type);
        _b = QuantOperand.Bind(c, "B", 4, 5, _type);
        _c = QuantOperand.Bind(c, "C", 6, 7, _type);
        (_min, _max) = QLinearBinding.Clamp(c, _type);
        _layout = ElementwiseLayouts.Plan(c, c.OutputShape(0), c.InputShape(0), c.InputShape(3));
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        _a.Refresh(inputs);
        _b.Refresh(inputs);
        _c.Refresh(inputs);
        if (_type == DataType.Int8) Run<sbyte>(inputs[0]!, inputs[3]!, outputs[0]);
        else Run<byte>(inputs[0]!, inputs[3]!, outputs[0]);
    }

    private void Run<T>(Tensor a, Tensor b, Tensor y) where T : unmanaged, IBinaryInteger<T>
    {
        if (_multiply)
            ElementwiseReference.Binary<T, T, T, QLinearMulOperator<T>>(new QLinearMulOperator<T>(_a.PerTensor, _b.PerTensor, _c.PerTensor, _min, _max), a.AsSpan<T>(), b.AsSpan<T>(), y.AsSpan<T>(), _layout);
        else
            ElementwiseReference.Binary<T, T, T, QLinearAddOperator<T>>(new QLinearAddOperator<T>(_a.PerTensor, _b.PerTensor, _c.PerTensor, _min, _max), a.AsSpan<T>(), b.AsSpan<T>(), y.AsSpan<T>(), _layout);
    }
}

/// <summary>
/// com.microsoft QLinearSigmoid and QLinearLeakyRelu (X, X_scale, X_zero_point, Y_scale,
/// Y_zero_point; LeakyRelu's alpha, default 0.01): a 256-entry <see cref="QLinearLookupTable"/> built
/// at bind time when the parameters are constant, else on each run.
/// </summary>
internal sealed class QLinearLookupKernel : IKernel
{
    private readonly QuantOperand _x, _y;
    private readonly DataType _type;
    private readonly float? _alpha;
    private readonly sbyte[] _tableS8 = new sbyte[QLinearLookupTable.Size];
    private readonly byte[] _tableU8 = new byte[QLinearLookupTable.Size];

    public QLinearLookupKernel(KernelContext c, bool leakyRelu)
    {
        _type = QLinearBinding.EightBit(c, 0, "X");
        _alpha = leakyRelu ? c.Attributes.GetFloat("alpha", 0.01f) : null;
        _x = QuantOperand.Bind(c, "X", 1, 2, _type);
        _y = QuantOperand.Bind(c, "Y", 3, 4, _type);
        if (_x.IsConstant && _y.IsConstant) BuildTable();
    }

    private void BuildTable()
    {
        if (_type == DataType.Int8) Build<sbyte>(_tableS8);
        else Build<byte>(_tableU8);
    }

    private void Build<T>(Span<T> table) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (_alpha is float alpha) QLinearLookupTable.Build(new LeakyReluOperator(alpha), _x.PerTensor, _y.PerTensor, table);
        else QLinearLookupTable.Build(new SigmoidOperator(), _x.PerTensor, _y.PerTensor, table);
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (!(_x.IsConstant && _y.IsConstant))
        {
            _x.Refresh(inputs);
            _y.Refresh(inputs);
            BuildTable();
        }
        if (_type == DataType.Int8) QLinearLookupTable.Apply<sbyte>(_tableS8, inputs[0]!.AsSpan<sbyte>(), outputs[0].AsSpan<sbyte>());
        else QLinearLookupTable.Apply<byte>(_tableU8, inputs[0]!.AsSpan<byte>(), outputs[0].AsSpan<byte>());
    }
}
