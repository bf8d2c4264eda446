using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

/// <summary>
/// com.microsoft QLinearConcat of 8-bit tensors with constant per-tensor parameters: per outer index,
/// each input's block is copied when its parameters equal the output's, otherwise requantized through
/// the same 256-entry table the reference kernel builds (<see cref="QLinearLookupTable"/>), looked up
/// 64 bytes at a time (<see cref="QS8LookupTable"/>, AVX-512 VBMI). Bit-exact with
/// <see cref="QLinearConcatKernel"/>, which validates the node and takes every other case.
/// </summary>
internal sealed unsafe class QLinearConcatOptimizedKernel : IKernel
{
    private readonly int _outer;
    private readonly int[] _blocks;
    private readonly QS8LookupTable?[] _tables;
    private readonly bool _signed;

    private QLinearConcatOptimizedKernel(int outer, int[] blocks, QS8LookupTable?[] tables, bool signed) =>
        (_outer, _blocks, _tables, _signed) = (outer, blocks, tables, signed);

    public static IKernel Create(KernelContext c)
    {
        var reference = new QLinearConcatKernel(c);
        int count = (c.Inputs.Count - 2) / 3;
        var type = c.Input(2).Type;
        if (!QS8LookupTable.IsAccelerated || type is not (DataType.Int8 or DataType.UInt8)) return OptimizedBinding.AsReference(c, reference);
        var y = QuantOperand.Bind(c, "Y", 0, 1, type);
        if (!y.IsConstant || y.Count != 1) return OptimizedBinding.AsReference(c, reference);
        var output = c.OutputShape(0);
        int axis = TensorArgs.Axis(c.Node, c.Attributes.GetInt("axis"), output.Rank);
        int outer = checked((int)TensorArgs.Product(output.Dims.ToArray(), 0, axis));
        var blocks = new int[count];
        var tables = new QS8LookupTable?[count];
        for (int i = 0; i < count; i++)
        {
            int d = 2 + 3 * i;
            var x = QuantOperand.Bind(c, $"X{i}", d + 1, d + 2, type);
            if (!x.IsConstant || x.Count != 1) return OptimizedBinding.AsReference(c, reference);
            var s = c.InputShape(d);
            blocks[i] = checked((int)TensorArgs.Product(s.Dims.ToArray(), axis, s.Rank));
            if (x.PerTensor == y.PerTensor) continue;
            if (type == DataType.Int8)
            {
                var table = new sbyte[QLinearLookupTable.Size];
                QLinearLookupTable.Build(new IdentityFunction(), x.PerTensor, y.PerTensor, table.AsSpan());
                tables[i] = QS8LookupTable.FromInt8(table);
            }
            else
            {
                var table = new byte[QLinearLookupTable.Size];
                QLinearLookupTable.Build(new IdentityFunction(), x.PerTensor, y.PerTensor, table.AsSpan());
                tables[i] = new QS8LookupTable(table);
            }
        }
        return new QLinearConcatOptimizedKernel(outer, blocks, tables, type == DataType.Int8);
    }

    /// <summary>The tensor's elements as bytes (int8 and uint8 alike: the tables map bit patterns).</summary>
    private Span<byte> Bytes(Tensor t) => _signed ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.AsSpan<sbyte>()) : t.AsSpan<byte>();

    public void Run(Tensor?[] inputs, Tensor[] outputs)
    {
        int stride = 0;
        foreach (int b in _blocks) stride += b;
        fixed (byte* y = Bytes(outputs[0]))
        {
            byte* dst = y;
            for (int i = 0; i < _blocks.Length; i++)
            {
                fixed (byte* x = Bytes(inputs[2 + 3 * i]!))
                {
                    // Input i's blocks land every `stride` bytes of the output, starting at its offset.
                    int n = _blocks[i];
                    for (int o = 0; o < _outer; o++)
                    {
                        byte* src = x + (long)o * n, to = dst + (long)o * stride;
                        if (_tables[i] is { } table) table.Apply(src, to, n);
                        else Buffer.MemoryCopy(src, to, n, n);
                    }
                }
                dst += _blocks[i];
            }
        }
    }
}
