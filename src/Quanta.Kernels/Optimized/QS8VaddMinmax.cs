using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels.Optimized;

/// <summary>
/// qs8-vadd-minmax (and vsub): TFLite's quantized ADD/SUB of two same-shaped int8 tensors,
/// vectorized and bit-exact with <see cref="AddInteger.General{T}"/> / <see cref="SubInteger.General{T}"/>:
/// <c>y = clamp(M_y·(M_1·((x1 − Z1)·2^20) ± M_2·((x2 − Z2)·2^20)) + Zy)</c>, every M applied with
/// TFLite's double-rounding fixed-point multiply (<see cref="QS8RequantizeGemmlowp"/>).
/// </summary>
/// <remarks>|x − Z| ≤ 255, so (x − Z)·2^20 &lt; 2^28 and the rescaled inputs (multipliers ≤ 1/2) sum
/// inside int32 (see <see cref="AddSubParams"/>); the left shift by 20 is therefore exact.</remarks>
public sealed unsafe class QS8VaddMinmax
{
    private readonly QS8ChannelParams _params; // block 0: input 1, block 1: input 2, block 2: output
    private readonly AddSubParams _p;
    private readonly bool _subtract;
    private readonly QS8OutputParams _inputStage;
    private readonly QS8OutputParams _output;

    /// <summary>Packs the parameters of one ADD or SUB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A multiplier's shift is outside [−31, 31].</exception>
    public QS8VaddMinmax(in AddSubParams p, bool subtract)
    {
        if (p.LeftShift != 20) throw new ArgumentOutOfRangeException(nameof(p), p.LeftShift, "the int8 kernel needs TFLite's left shift of 20");
        _p = p;
        _subtract = subtract;
        _params = QS8ChannelParams.Gemmlowp(new int[3], [p.Input1Multiplier, p.Input2Multiplier, p.OutputMultiplier],
            [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
        _inputStage = new QS8OutputParams(0, int.MinValue, int.MaxValue);
        _output = new QS8OutputParams(p.OutputOffset, p.ActivationMin, p.ActivationMax);
    }

    /// <summary><c>y[i] = a[i] ± b[i]</c> (requantized) for i &lt; <paramref name="count"/>.</summary>
    /// <param name="a">Input 1.</param>
    /// <param name="b">Input 2.</param>
    /// <param name="y">Output.</param>
    /// <param name="count">Elements.</param>
    /// <param name="useAvx2">False to stay on 128-bit vectors (the Vector128 kernel entry).</param>
    public void Run(sbyte* a, sbyte* b, sbyte* y, int count, bool useAvx2)
    {
        int i = 0;
        if (useAvx2 && Avx2.IsSupported)
        {
            for (; i + 16 <= count; i += 16)
            {
                var lo = Avx2Step(a + i, b + i);
                var hi = Avx2Step(a + i + 8, b + i + 8);
                QS8GemmMinmax4x16c2Avx2.PackTwoRows(lo, hi, lo, hi, _output).GetLower().Store(y + i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                var x1 = Vector128.WidenLower(Vector128.CreateScalar(*(long*)(a + i)).AsSByte());
                var x2 = Vector128.WidenLower(Vector128.CreateScalar(*(long*)(b + i)).AsSByte());
                var lo = Vector128Step(Vector128.WidenLower(x1), Vector128.WidenLower(x2), 0);
                var hi = Vector128Step(Vector128.WidenUpper(x1), Vector128.WidenUpper(x2), 4);
                *(long*)(y + i) = QS8Vector128.PackClamp(lo, hi, lo, hi, _output.Min, _output.Max).AsInt64().ToScalar();
            }
        }
        for (; i < count; i++)
        {
            int r1 = AddInteger.RescaleInput(a[i], _p.Input1Offset, _p.LeftShift, _p.Input1Multiplier);
            int r2 = AddInteger.RescaleInput(b[i], _p.Input2Offset, _p.LeftShift, _p.Input2Multiplier);
            y[i] = (sbyte)AddInteger.RescaleOutput(_subtract ? r1 - r2 : r1 + r2, _p);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> Avx2Step(sbyte* a, sbyte* b)
    {
        var x1 = Avx2.ShiftLeftLogical(Avx2.Add(Avx2.ConvertToVector256Int32(a), Vector256.Create(_p.Input1Offset)), 20);
        var x2 = Avx2.ShiftLeftLogical(Avx2.Add(Avx2.ConvertToVector256Int32(b), Vector256.Create(_p.Input2Offset)), 20);
        var r1 = QS8RequantizeGemmlowp.Apply(x1, _params.Block(0), _inputStage);
        var r2 = QS8RequantizeGemmlowp.Apply(x2, _params.Block(1), _inputStage);
        return QS8RequantizeGemmlowp.Apply(_subtract ? Avx2.Subtract(r1, r2) : Avx2.Add(r1, r2), _params.Block(2), _output);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<int> Vector128Step(Vector128<int> a, Vector128<int> b, int lane)
    {
        var x1 = Vector128.ShiftLeft(a + Vector128.Create(_p.Input1Offset), 20);
        var x2 = Vector128.ShiftLeft(b + Vector128.Create(_p.Input2Offset), 20);
        var r1 = QS8RequantizeGemmlowp.Apply(x1, _params.Block(0), lane, _inputStage);
        var r2 = QS8RequantizeGemmlowp.Apply(x2, _params.Block(1), lane, _inputStage);
        return QS8RequantizeGemmlowp.Apply(_subtract ? r1 - r2 : r1 + r2, _params.Block(2), lane, _output);
    }
}
