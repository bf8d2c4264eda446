using Quanta.Kernels.Arithmetic;

namespace Quanta.Kernels;

/// <summary>
/// Quantized SOFTMAX along the last axis. int8 input follows TFLite's gemmlowp fixed-point
/// reference (reference_ops::Softmax in softmax.h — not desktop TFLite's lookup-table variant),
/// with int8 output (1/256, −128) or int16 output (1/65536, −32768); int16 input follows TFLite
/// Micro's SoftmaxInt16 with its exp and 1/(1+x) tables (output 1/32768, 0).
/// </summary>
public static class SoftmaxInteger
{
    /// <summary>Integer bits of the scaled input difference (Q5.26).</summary>
    public const int ScaledDiffIntegerBits = 5;

    /// <summary>Integer bits of the sum of exponentials (Q12.19).</summary>
    public const int AccumulationIntegerBits = 12;

    /// <summary>int8 → int8 softmax.</summary>
    /// <param name="input">[outer, depth], row-major.</param>
    /// <param name="depth">Length of the softmax axis.</param>
    /// <param name="p">Parameters.</param>
    /// <param name="output">Probabilities in 1/256 steps, offset −128.</param>
    public static void Int8(ReadOnlySpan<sbyte> input, int depth, in SoftmaxInt8Params p, Span<sbyte> output)
    {
        var o = new Int8Writer { Output = output };
        Int8Core(input, depth, p, 8, ref o);
    }

    /// <summary>int8 → int16 softmax (probabilities in 1/65536 steps, offset −32768).</summary>
    public static void Int8ToInt16(ReadOnlySpan<sbyte> input, int depth, in SoftmaxInt8Params p, Span<short> output)
    {
        var o = new Int16Writer { Output = output };
        Int8Core(input, depth, p, 16, ref o);
    }

    private interface IWriter
    {
        void Write(int index, int value);
    }

    private ref struct Int8Writer : IWriter
    {
        public Span<sbyte> Output;
        public readonly void Write(int index, int value) => Output[index] = (sbyte)value;
    }

    private ref struct Int16Writer : IWriter
    {
        public Span<short> Output;
        public readonly void Write(int index, int value) => Output[index] = (short)value;
    }

    private static void Int8Core<TWriter>(ReadOnlySpan<sbyte> input, int depth, in SoftmaxInt8Params p, int outputBits, ref TWriter output)
        where TWriter : IWriter, allows ref struct
    {
        int outMin = -(1 << (outputBits - 1)), outMax = (1 << (outputBits - 1)) - 1;
        int m = p.InputMultiplier.Multiplier, leftShift = p.InputMultiplier.Shift;
        for (int row = 0; row * depth < input.Length; row++)
        {
            var x = input.Slice(row * depth, depth);
            int maxInRow = sbyte.MinValue;
            foreach (sbyte v in x) maxInRow = Math.Max(maxInRow, v);

            // Σ exp(β·s·(x − max)) in Q12.19; each term is exp(·) in Q0.31 rounded to Q12.19.
            int sumOfExps = 0;
            for (int c = 0; c < depth; c++)
            {
                int diff = x[c] - maxInRow;
                if (diff < p.DiffMin) continue;
                int scaled = Requantize.MultiplyByQuantizedMultiplierGreaterThanOne(diff, m, leftShift);
                sumOfExps = unchecked(sumOfExps + FixedPoint.Rescale(FixedPoint.ExpOnNegativeValues(scaled, ScaledDiffIntegerBits), 0, AccumulationIntegerBits));
            }

            int shiftedScale = FixedPoint.GetReciprocal(sumOfExps, AccumulationIntegerBits, out int numBitsOverUnit);
            int exponent = numBitsOverUnit + 31 - outputBits;
            for (int c = 0; c < depth; c++)
            {
                int diff = x[c] - maxInRow;
                int value = outMin;
                if (diff >= p.DiffMin)
                {
                    int scaled = Requantize.MultiplyByQuantizedMultiplierGreaterThanOne(diff, m, leftShift);
                    int exp = FixedPoint.ExpOnNegativeValues(scaled, ScaledDiffIntegerBits);
                    int unsaturated = FixedPoint.RoundingDivideByPot(FixedPoint.SaturatingRoundingDoublingHighMul(shiftedScale, exp), exponent);
                    value = Math.Clamp(unsaturated + outMin, outMin, outMax);
                }
                output.Write(row * depth + c, value);
            }
        }
    }

    /// <summary>int16 → int16 softmax (TFLite Micro's SoftmaxInt16): exp through a table, the sum's
    /// reciprocal through a 1/(1+x) table, products rounded in 64 bits.</summary>
    /// <remarks>The output buffer holds the exponentials between the two passes, as in TFLite.</remarks>
    public static void Int16(ReadOnlySpan<short> input, int depth, SoftmaxInt16Params p, Span<short> output)
    {
        ArgumentNullException.ThrowIfNull(p);
        for (int row = 0; row * depth < input.Length; row++)
        {
            var x = input.Slice(row * depth, depth);
            var exps = output.Slice(row * depth, depth);
            int maxInRow = short.MinValue;
            foreach (short v in x) maxInRow = Math.Max(maxInRow, v);

            int sumOfExps = 0; // Q16.15
            for (int c = 0; c < depth; c++)
            {
                int scaledDiff = p.InputMultiplier.Apply(x[c] - maxInRow);
                // Re-centre [−65535, 0] on [−32768, 32767] for the symmetric table.
                short symmetric = (short)Math.Clamp(scaledDiff + 32767, short.MinValue, short.MaxValue);
                exps[c] = Int16Lut.Lookup(symmetric, p.ExpLut);
                sumOfExps += exps[c];
            }

            int headroomPlusOne = FixedPoint.CountLeadingZeros((uint)sumOfExps);
            int shiftedSum = (int)((((long)sumOfExps << (headroomPlusOne - 1)) + (1 << 13)) >> 14);
            // The table computes 1/(1 + x): x = sum − 1, re-centred from [0, 65535] to [−32768, 32767].
            int symmetricSum = shiftedSum - ((1 << 15) + (1 << 16));
            short reciprocal = Int16Lut.Lookup((short)Math.Clamp(symmetricSum, short.MinValue, short.MaxValue), p.OneOverOnePlusXLut);

            int rightShift = 31 - headroomPlusOne;
            long round = 1 << (rightShift - 1);
            for (int c = 0; c < depth; c++)
            {
                int result = (int)(((long)exps[c] * reciprocal + round) >> rightShift);
                exps[c] = (short)Math.Clamp(result, 0, short.MaxValue);
            }
        }
    }
}
