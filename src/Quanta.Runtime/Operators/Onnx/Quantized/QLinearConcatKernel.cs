using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// com.microsoft QLinearConcat (Y_scale, Y_zero_point, then X, X_scale, X_zero_point per input;
/// attribute axis): inputs whose parameters equal the output's are copied, the others requantized
/// through a <see cref="QLinearLookupTable"/> (Q_y(DQ_x(q)), ONNX Runtime's method).
/// </summary>
internal sealed class QLinearConcatKernel : IKernel
{
    private readonly QuantOperand _y;
    private readonly QuantOperand[] _x;
    private readonly DataType _type;
    private readonly int _outer;
    private readonly int[] _blocks;
    private readonly byte[][] _tables;
    private readonly bool[] _copy;

    public QLinearConcatKernel(KernelContext c)
    {
        int count = (c.Inputs.Count - 2) / 3;
        _type = QLinearBinding.EightBit(c, 2, "X");
        _y = QuantOperand.Bind(c, "Y", 0, 1, _type);
        _x = new QuantOperand[count];
        _blocks = new int[count];
        _tables = new byte[count][];
        _copy = new bool[count];
        var output = c.OutputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis"), output.Rank);
        _outer = checked((int)TensorArgs.Product(output.Dims.ToArray(), 0, axis));
        for (int i = 0; i < count; i++)
        {
            int d = 2 + 3 * i;
            if (c.Input(d).Type != _type) throw c.Unsupported($"input {d} is {c.Input(d).Type} but the first input is {_type}");
            _x[i] = QuantOperand.Bind(c, $"X{i}", d + 1, d + 2, _type);
            var s = c.InputShape(d);
            _blocks[i] = checked((int)TensorArgs.Product(s.Dims.ToArray(), axis, s.Rank));
            _tables[i] = new byte[QLinearLookupTable.Size];
        }
        if (_y.IsConstant && Array.TrueForAll(_x, x => x.IsConstant)) BuildTables();
    }

    private void BuildTables()
    {
        var y = _y.PerTensor;
        for (int i = 0; i < _x.Length; i++)
        {
            var x = _x[i].PerTensor;
            _copy[i] = x == y;
            if (_copy[i]) continue;
            if (_type == DataType.Int8) QLinearLookupTable.Build(new IdentityFunction(), x, y, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(_tables[i].AsSpan()));
            else QLinearLookupTable.Build(new IdentityFunction(), x, y, _tables[i].AsSpan());
        }
    }

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        if (!(_y.IsConstant && Array.TrueForAll(_x, x => x.IsConstant)))
        {
            _y.Refresh(inputs);
            foreach (var x in _x) x.Refresh(inputs);
            BuildTables();
        }
        if (_type == DataType.Int8) Run<sbyte>(inputs, outputs[0].AsSpan<sbyte>());
        else Run<byte>(inputs, outputs[0].AsSpan<byte>());
    }

    private void Run<T>(Tensor?[] inputs, Span<T> y) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int offset = 0;
        for (int o = 0; o < _outer; o++)
        {
            for (int i = 0; i < _x.Length; i++)
            {
                int n = _blocks[i];
                var src = inputs[2 + 3 * i]!.AsSpan<T>().Slice(o * n, n);
                var dst = y.Slice(offset, n);
                if (_copy[i]) src.CopyTo(dst);
                else QLinearLookupTable.Apply<T>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(_tables[i]), src, dst);
                offset += n;
            }
        }
    }
}
