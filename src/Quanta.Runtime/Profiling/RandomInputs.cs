using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// Seeded random tensors for a model's inputs, for timing: float inputs standard normal, 8- and
/// 16-bit integer inputs uniform over their type's range, wider integers uniform in [0, 4) (they
/// are usually indices or sizes, which large values would make invalid), booleans fair coins.
/// Dynamic dimensions become 1.
/// </summary>
public static class RandomInputs
{
    /// <summary>One tensor per input, in order; the same seed gives the same tensors.</summary>
    /// <exception cref="InvalidInputException">An input whose rank is unknown, or of a type that cannot be generated.</exception>
    public static Tensor[] For(IReadOnlyList<TensorInfo> inputs, int seed = 1234)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var rng = new Random(seed);
        return inputs.Select(info => Create(info, rng)).ToArray();
    }

    private static Tensor Create(TensorInfo info, Random rng)
    {
        var dims = info.Shape?.ToArray() ?? throw new InvalidInputException($"input '{info.Name}' has no known rank; random inputs need one");
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == Shape.Unknown) dims[i] = 1;
        }
        var t = Tensor.Zeros(info.Type, new Shape(dims), info.Quant);
        switch (info.Type)
        {
            case DataType.Float32:
                foreach (ref float v in t.AsSpan<float>()) v = Normal(rng);
                break;
            case DataType.Float16:
                foreach (ref Half v in t.AsSpan<Half>()) v = (Half)Normal(rng);
                break;
            case DataType.Int8:
            case DataType.UInt8:
                rng.NextBytes(t.Bytes);
                break;
            case DataType.Int16:
                foreach (ref short v in t.AsSpan<short>()) v = (short)rng.Next(short.MinValue, short.MaxValue + 1);
                break;
            case DataType.Int32:
                foreach (ref int v in t.AsSpan<int>()) v = rng.Next(4);
                break;
            case DataType.Int64:
                foreach (ref long v in t.AsSpan<long>()) v = rng.Next(4);
                break;
            case DataType.Bool:
                foreach (ref byte v in t.Bytes) v = (byte)rng.Next(2);
                break;
            default:
                throw new InvalidInputException($"input '{info.Name}' is {info.Type}; random inputs of that type are not supported");
        }
        return t;
    }

    // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
    private static float Normal(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
