using System.Numerics;
using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

// ONNX element-wise ops: float32 for everything, the integer types for the arithmetic ONNX models
// do on shapes (Shape → Gather → Mul → Reshape …), bool for logic and Where's condition.
public static partial class KernelTable
{
    static partial void AddElementwise(KernelRegistry r)
    {
        AddOnnxFloatElementwise(r);
        AddOnnxIntegerElementwise<int>(r);
        AddOnnxIntegerElementwise<long>(r);
        AddOnnxIntegerElementwise<byte>(r);
        AddOnnxIntegerElementwise<sbyte>(r);
        AddOnnxIntegerElementwise<short>(r);
        AddOnnxBoolElementwise(r);
        AddOnnxHalfElementwise(r);
        AddTfliteElementwise(r);
    }

    /// <summary>float16 where the node tests need it: ops that are exact in half precision
    /// (max, min, fmod), so computing through <see cref="Half"/> loses nothing.</summary>
    private static void AddOnnxHalfElementwise(KernelRegistry r)
    {
        Variadic<Half, MaxOperator<Half>>(r, "Max", "max");
        Variadic<Half, MinOperator<Half>>(r, "Min", "min");
        Binary<Half, Half, FloatModOperator<Half>>(r, OpDomains.Onnx, "Mod", "fmod");
    }

    private static void AddOnnxFloatElementwise(KernelRegistry r)
    {
        const string onnx = OpDomains.Onnx;
        Binary<float, float, AddOperator<float>>(r, onnx, "Add", "add");
        Binary<float, float, SubtractOperator<float>>(r, onnx, "Sub", "sub");
        Binary<float, float, MultiplyOperator<float>>(r, onnx, "Mul", "mul");
        Binary<float, float, DivideOperator<float>>(r, onnx, "Div", "div");
        Binary<float, float, FloatModOperator<float>>(r, onnx, "Mod", "fmod");
        Binary<float, float, PReluOperator<float>>(r, onnx, "PRelu", "prelu");
        Comparisons<float>(r);
        Variadic<float, MaxOperator<float>>(r, "Max", "max");
        Variadic<float, MinOperator<float>>(r, "Min", "min");
        Variadic<float, AddOperator<float>>(r, "Sum", "sum");
        r.Add(new KernelEntry(onnx, "Mean", DataType.Float32, Isa.Reference, "f32-mean-ref", c => new VariadicKernel<float, AddOperator<float>>(c, default, mean: true)));
        r.Add(new KernelEntry(onnx, "Pow", DataType.Float32, Isa.Reference, "f32-pow-ref", PowFloat));
        r.Add(new KernelEntry(onnx, "Clip", DataType.Float32, Isa.Reference, "f32-clip-ref", _ => new ClipKernel<float>(float.NegativeInfinity, float.PositiveInfinity)));
        Unary<float, bool, IsNaNOperator>(r, onnx, "IsNaN", "isnan");
        Unary<float, bool, IsInfOperator>(r, onnx, "IsInf", "isinf", c => new IsInfOperator(
            c.Attributes.GetInt("detect_positive", 1) != 0, c.Attributes.GetInt("detect_negative", 1) != 0));

        Unary<float, float, ReluOperator<float>>(r, onnx, "Relu", "relu");
        Unary<float, float, LeakyReluOperator>(r, onnx, "LeakyRelu", "leakyrelu", c => new(c.Attributes.GetFloat("alpha", 0.01f)));
        Unary<float, float, EluOperator>(r, onnx, "Elu", "elu", c => new(c.Attributes.GetFloat("alpha", 1f)));
        Unary<float, float, SeluOperator>(r, onnx, "Selu", "selu", c => new(
            c.Attributes.GetFloat("alpha", 1.67326319217681884765625f), c.Attributes.GetFloat("gamma", 1.05070102214813232421875f)));
        Unary<float, float, CeluOperator>(r, onnx, "Celu", "celu", c => new(c.Attributes.GetFloat("alpha", 1f)));
        Unary<float, float, ThresholdedReluOperator>(r, onnx, "ThresholdedRelu", "thresholdedrelu", c => new(c.Attributes.GetFloat("alpha", 1f)));
        Unary<float, float, SigmoidOperator>(r, onnx, "Sigmoid", "sigmoid");
        Unary<float, float, HardSigmoidOperator>(r, onnx, "HardSigmoid", "hardsigmoid", c => new(
            c.Attributes.GetFloat("alpha", 0.2f), c.Attributes.GetFloat("beta", 0.5f)));
        Unary<float, float, HardSwishOperator>(r, onnx, "HardSwish", "hardswish");
        Unary<float, float, TanhOperator>(r, onnx, "Tanh", "tanh");
        Unary<float, float, SoftplusOperator>(r, onnx, "Softplus", "softplus");
        Unary<float, float, SoftsignOperator>(r, onnx, "Softsign", "softsign");
        Unary<float, float, AbsOperator<float>>(r, onnx, "Abs", "abs");
        Unary<float, float, NegateOperator<float>>(r, onnx, "Neg", "neg");
        Unary<float, float, SignOperator<float>>(r, onnx, "Sign", "sign");
        Unary<float, float, ExpOperator>(r, onnx, "Exp", "exp");
        Unary<float, float, LogOperator>(r, onnx, "Log", "log");
        Unary<float, float, SqrtOperator>(r, onnx, "Sqrt", "sqrt");
        Unary<float, float, ReciprocalOperator>(r, onnx, "Reciprocal", "reciprocal");
        Unary<float, float, FloorOperator>(r, onnx, "Floor", "floor");
        Unary<float, float, CeilOperator>(r, onnx, "Ceil", "ceil");
        Unary<float, float, RoundOperator>(r, onnx, "Round", "round");
        Unary<float, float, ErfOperator>(r, onnx, "Erf", "erf");
        Unary<float, float, SinOperator>(r, onnx, "Sin", "sin");
        Unary<float, float, CosOperator>(r, onnx, "Cos", "cos");
        Unary<float, float, TanOperator>(r, onnx, "Tan", "tan");
        Unary<float, float, AsinOperator>(r, onnx, "Asin", "asin");
        Unary<float, float, AcosOperator>(r, onnx, "Acos", "acos");
        Unary<float, float, AtanOperator>(r, onnx, "Atan", "atan");
        Unary<float, float, SinhOperator>(r, onnx, "Sinh", "sinh");
        Unary<float, float, CoshOperator>(r, onnx, "Cosh", "cosh");
        Unary<float, float, AsinhOperator>(r, onnx, "Asinh", "asinh");
        Unary<float, float, AcoshOperator>(r, onnx, "Acosh", "acosh");
        Unary<float, float, AtanhOperator>(r, onnx, "Atanh", "atanh");
    }

    /// <summary>Integer kernels: plain two's-complement arithmetic; values carrying quantization
    /// parameters are refused (they need the quantized kernels).</summary>
    private static void AddOnnxIntegerElementwise<T>(KernelRegistry r) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        const string onnx = OpDomains.Onnx;
        Binary<T, T, AddOperator<T>>(r, onnx, "Add", "add", integer: true);
        Binary<T, T, SubtractOperator<T>>(r, onnx, "Sub", "sub", integer: true);
        Binary<T, T, MultiplyOperator<T>>(r, onnx, "Mul", "mul", integer: true);
        Binary<T, T, IntegerDivideOperator<T>>(r, onnx, "Div", "div", integer: true);
        Binary<T, T, PReluOperator<T>>(r, onnx, "PRelu", "prelu", integer: true);
        Comparisons<T>(r);
        Variadic<T, MaxOperator<T>>(r, "Max", "max");
        Variadic<T, MinOperator<T>>(r, "Min", "min");
        var type = DataTypes.Of<T>();
        r.Add(new KernelEntry(onnx, "Mod", type, Isa.Reference, $"{type.ShortName()}-mod-ref", c =>
            ElementwiseLayouts.RejectQuantized(c).Attributes.GetInt("fmod", 0) == 1
                ? new BinaryKernel<T, T, T, TruncatedModOperator<T>>(c, default)
                : new BinaryKernel<T, T, T, FlooredModOperator<T>>(c, default)));
        r.Add(new KernelEntry(onnx, "Pow", type, Isa.Reference, $"{type.ShortName()}-pow-ref", c => PowInteger<T>(ElementwiseLayouts.RejectQuantized(c))));
        r.Add(new KernelEntry(onnx, "Clip", type, Isa.Reference, $"{type.ShortName()}-clip-ref", _ => new ClipKernel<T>(T.MinValue, T.MaxValue)));
        Unary<T, T, AbsOperator<T>>(r, onnx, "Abs", "abs", integer: true);
        Unary<T, T, NegateOperator<T>>(r, onnx, "Neg", "neg", integer: true);
        Unary<T, T, SignOperator<T>>(r, onnx, "Sign", "sign", integer: true);
        Unary<T, T, ReluOperator<T>>(r, onnx, "Relu", "relu", integer: true);
    }

    private static void AddOnnxBoolElementwise(KernelRegistry r)
    {
        const string onnx = OpDomains.Onnx;
        Binary<bool, bool, AndOperator>(r, onnx, "And", "and");
        Binary<bool, bool, OrOperator>(r, onnx, "Or", "or");
        Binary<bool, bool, XorOperator>(r, onnx, "Xor", "xor");
        Binary<bool, bool, BoolEqualOperator>(r, onnx, "Equal", "equal");
        Unary<bool, bool, NotOperator>(r, onnx, "Not", "not");
        r.Add(new KernelEntry(onnx, "BitShift", DataType.UInt8, Isa.Reference, "u8-bitshift-ref", c =>
            new BinaryKernel<byte, byte, byte, BitShiftOperator>(c, new BitShiftOperator(c.Attributes.GetString("direction", "") == "LEFT"))));
        // Where is keyed by its condition (bool), whatever the type of the values it picks.
        r.Add(new KernelEntry(onnx, "Where", DataType.Bool, Isa.Reference, "x-where-ref", c => new SelectKernel(c)));
    }

    private static void Comparisons<T>(KernelRegistry r) where T : unmanaged, INumber<T>
    {
        const string onnx = OpDomains.Onnx;
        Binary<T, bool, EqualOperator<T>>(r, onnx, "Equal", "equal");
        Binary<T, bool, LessOperator<T>>(r, onnx, "Less", "less");
        Binary<T, bool, LessOrEqualOperator<T>>(r, onnx, "LessOrEqual", "lessorequal");
        Binary<T, bool, GreaterOperator<T>>(r, onnx, "Greater", "greater");
        Binary<T, bool, GreaterOrEqualOperator<T>>(r, onnx, "GreaterOrEqual", "greaterorequal");
    }

    private static IKernel PowFloat(KernelContext c) => c.Input(1).Type switch
    {
        DataType.Float32 => new BinaryKernel<float, float, float, PowOperator<float, float>>(c, default),
        DataType.Int32 => new BinaryKernel<float, int, float, PowOperator<float, int>>(c, default),
        DataType.Int64 => new BinaryKernel<float, long, float, PowOperator<float, long>>(c, default),
        var t => throw c.Unsupported($"float32 raised to a {t} exponent is not supported (float32, int32, int64 are)"),
    };

    private static IKernel PowInteger<T>(KernelContext c) where T : unmanaged, IBinaryInteger<T>
    {
        var t = c.Input(1).Type;
        if (t == DataTypes.Of<T>()) return new BinaryKernel<T, T, T, IntegerPowOperator<T>>(c, default);
        return t switch
        {
            DataType.Float32 => new BinaryKernel<T, float, T, PowOperator<T, float>>(c, default),
            DataType.Int32 => new BinaryKernel<T, int, T, PowOperator<T, int>>(c, default),
            DataType.Int64 => new BinaryKernel<T, long, T, PowOperator<T, long>>(c, default),
            _ => throw c.Unsupported($"{DataTypes.Of<T>()} raised to a {t} exponent is not supported (float32, int32, int64 are)"),
        };
    }

    private static void Unary<TX, TY, TOp>(KernelRegistry r, string domain, string op, string name, Func<KernelContext, TOp>? make = null, bool integer = false)
        where TX : unmanaged where TY : unmanaged where TOp : struct, IUnaryOperator<TX, TY>
    {
        var type = DataTypes.Of<TX>();
        r.Add(new KernelEntry(domain, op, type, Isa.Reference, $"{type.ShortName()}-{name}-ref", c =>
        {
            if (integer) ElementwiseLayouts.RejectQuantized(c);
            return new UnaryKernel<TX, TY, TOp>(make is null ? default : make(c));
        }));
    }

    private static void Binary<T, TY, TOp>(KernelRegistry r, string domain, string op, string name, Func<KernelContext, TOp>? make = null, bool integer = false)
        where T : unmanaged where TY : unmanaged where TOp : struct, IBinaryOperator<T, T, TY>
    {
        var type = DataTypes.Of<T>();
        r.Add(new KernelEntry(domain, op, type, Isa.Reference, $"{type.ShortName()}-{name}-ref", c =>
        {
            if (integer) ElementwiseLayouts.RejectQuantized(c);
            return new BinaryKernel<T, T, TY, TOp>(c, make is null ? default : make(c));
        }));
    }

    private static void Variadic<T, TOp>(KernelRegistry r, string op, string name) where T : unmanaged where TOp : struct, IBinaryOperator<T, T, T>
    {
        var type = DataTypes.Of<T>();
        r.Add(new KernelEntry(OpDomains.Onnx, op, type, Isa.Reference, $"{type.ShortName()}-{name}-ref", c => new VariadicKernel<T, TOp>(c, default)));
    }
}
