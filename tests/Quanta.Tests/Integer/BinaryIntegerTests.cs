using Quanta.Core;
using Quanta.Kernels;
using Quanta.Kernels.Arithmetic;
using Xunit;

namespace Quanta.Tests.Integer;

public class BinaryIntegerTests
{
    // ADD/SUB: each input is rescaled onto 2·max(s)/2^L with L = 20 (int8) or 15 (int16) extra bits,
    // so the intermediate roundings cost at most 2^-20 (2^-15) of an input step; with the output's
    // double rounding that stays within 1 LSB. MUL has a single 32-bit requantization: 1 LSB.
    private const double Budget = 1;

    private static Tensor Random(Random rng, DataType type, Shape shape, QuantParams q) =>
        type == DataType.Int8 ? QuantTestData.RandomInt8(rng, shape, q) : QuantTestData.RandomInt16(rng, shape, q);

    private static long Broadcast(Shape from, Shape to, long i)
    {
        long offset = 0, stride = 1, rem = i;
        var idx = new int[to.Rank];
        for (int d = to.Rank - 1; d >= 0; d--) { idx[d] = (int)(rem % to[d]); rem /= to[d]; }
        for (int d = from.Rank - 1; d >= 0; d--)
        {
            int od = d + to.Rank - from.Rank;
            offset += (from[d] == 1 ? 0 : idx[od]) * stride;
            stride *= from[d];
        }
        return offset;
    }

    [Theory]
    [InlineData("ADD", DataType.Int8, "NONE")]
    [InlineData("ADD", DataType.Int8, "RELU6")]
    [InlineData("SUB", DataType.Int8, "NONE")]
    [InlineData("MUL", DataType.Int8, "RELU")]
    [InlineData("ADD", DataType.Int16, "NONE")]
    [InlineData("SUB", DataType.Int16, "NONE")]
    [InlineData("MUL", DataType.Int16, "NONE")]
    public void MatchesFloatReferenceWithBroadcasting(string op, DataType type, string activation)
    {
        var rng = new Random(op.Length * 10 + (int)type);
        bool int16 = type == DataType.Int16;
        Shape sa = new(2, 3, 4, 5), sb = new(1, 3, 1, 5);
        var a = Random(rng, type, sa, new QuantParams(int16 ? 3e-4f : 0.04f, int16 ? 0 : 5));
        var b = Random(rng, type, sb, new QuantParams(int16 ? 7e-4f : 0.07f, int16 ? 0 : -12));
        var real = new double[sa.ElementCount];
        for (long i = 0; i < real.Length; i++)
        {
            double x = QuantTestData.Real(a, i), y = QuantTestData.Real(b, Broadcast(sb, sa, i));
            real[i] = op switch { "ADD" => x + y, "SUB" => x - y, _ => x * y };
        }
        var outQ = FloatReference.FitOutput(real, type);
        var result = new QuantizedOpHarness(op).Input(a).Input(b).Output(type, sa, outQ).Attr("fused_activation_function", activation).Run();
        var (min, max) = type.IntegerRange();
        QuantTestData.AssertWithin(result, real.Select(v => FloatReference.Activate(v, activation)).ToArray(), min, max, Budget, $"{type} {op}");
    }

    [Fact]
    public void AddSubMultipliersAreComputedInDouble()
    {
        // The scales of the SEANet sub0 case: the float and double evaluations of s2/(2·s1) give
        // different Q31 multipliers, and only the double one reproduces TFLite Micro's goldens.
        float s1 = 0.000969372f, s2 = 8.70984e-06f, so = 0.000594149f;
        var p = AddSubParams.Create(s1, 0, s2, 0, so, 0, true, short.MinValue, short.MaxValue);
        Assert.Equal(QuantizedMultiplier.FromDouble(s2 / (2 * (double)s1)), p.Input2Multiplier);
        Assert.Equal(QuantizedMultiplier.FromDouble(s1 / (2 * (double)s1)), p.Input1Multiplier);
        Assert.Equal(QuantizedMultiplier.FromDouble(2 * (double)s1 / ((1 << 15) * (double)so)), p.OutputMultiplier);
        Assert.Equal(15, p.LeftShift);
        Assert.Equal(20, AddSubParams.Create(s1, 0, s2, 0, so, 0, false, -128, 127).LeftShift);
    }

    [Fact]
    public void Int16PowerOfTwoPathsRescaleByShifts()
    {
        // s1 = 2^-12 is finer than s2 = s_out = 2^-10: input 1 is shifted right by 2 onto the output scale.
        short[] a = [400, -400, 6, -6, 32767], b = [10, 10, -10, 0, 32767];
        var y = new short[5];
        AddInteger.Int16PowerOfTwo(a, default, b, default, -2, 0, short.MinValue, short.MaxValue, y);
        Assert.Equal(new short[] { 110, -90, -8, -2, 32767 }, y); // a/4 rounded half away, saturating add
        SubInteger.Int16PowerOfTwo(a, default, b, default, -2, 0, short.MinValue, short.MaxValue, y);
        Assert.Equal(new short[] { 90, -110, 12, -2, -24575 }, y);
        Assert.Throws<ArgumentException>(() => AddInteger.Int16PowerOfTwo(a, default, b, default, -1, -1, -5, 5, y));
    }

    [Fact]
    public void HandComputedInt8Add()
    {
        // 1.0 + 0.5 = 1.5 on scale 0.1 → 15 + zp 3 = 18.
        var a = Tensor.FromArray<sbyte>(new Shape(1), [10], new QuantParams(0.1f, 0));
        var b = Tensor.FromArray<sbyte>(new Shape(1), [-5], new QuantParams(0.05f, -15));
        var y = new QuantizedOpHarness("ADD").Input(a).Input(b).Output(DataType.Int8, new Shape(1), new QuantParams(0.1f, 3)).Run();
        Assert.Equal(new sbyte[] { 18 }, y.ToArray<sbyte>());
    }
}
