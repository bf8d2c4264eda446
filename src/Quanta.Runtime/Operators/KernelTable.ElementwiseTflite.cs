using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

// TFLite element-wise ops, float32 only (bool for logic and SELECT's condition): the int8/int16
// kernels of the same ops are the quantized group's, keyed by those types.
public static partial class KernelTable
{
    private static void AddTfliteElementwise(KernelRegistry r)
    {
        const string tflite = OpDomains.Tflite;
        FusedBinary<AddOperator<float>>(r, "ADD", "add");
        FusedBinary<SubtractOperator<float>>(r, "SUB", "sub");
        FusedBinary<MultiplyOperator<float>>(r, "MUL", "mul");
        FusedBinary<DivideOperator<float>>(r, "DIV", "div");
        Binary<float, float, TfliteMaximumOperator<float>>(r, tflite, "MAXIMUM", "maximum");
        Binary<float, float, TfliteMinimumOperator<float>>(r, tflite, "MINIMUM", "minimum");
        Binary<float, float, SquaredDifferenceOperator<float>>(r, tflite, "SQUARED_DIFFERENCE", "squareddifference");
        Binary<float, float, PowOperator<float, float>>(r, tflite, "POW", "pow");
        Binary<float, float, PReluOperator<float>>(r, tflite, "PRELU", "prelu");
        Binary<float, bool, EqualOperator<float>>(r, tflite, "EQUAL", "equal");
        Binary<float, bool, NotEqualOperator<float>>(r, tflite, "NOT_EQUAL", "notequal");
        Binary<float, bool, LessOperator<float>>(r, tflite, "LESS", "less");
        Binary<float, bool, LessOrEqualOperator<float>>(r, tflite, "LESS_EQUAL", "lessequal");
        Binary<float, bool, GreaterOperator<float>>(r, tflite, "GREATER", "greater");
        Binary<float, bool, GreaterOrEqualOperator<float>>(r, tflite, "GREATER_EQUAL", "greaterequal");
        Binary<bool, bool, AndOperator>(r, tflite, "LOGICAL_AND", "logicaland");
        Binary<bool, bool, OrOperator>(r, tflite, "LOGICAL_OR", "logicalor");
        Unary<bool, bool, NotOperator>(r, tflite, "LOGICAL_NOT", "logicalnot");
        r.Add(new KernelEntry(tflite, "SELECT", DataType.Bool, Isa.Reference, "x-select-ref", TfliteElementwiseBindings.Select));
        r.Add(new KernelEntry(tflite, "SELECT_V2", DataType.Bool, Isa.Reference, "x-selectv2-ref", c => new SelectKernel(c)));

        Unary<float, float, ReluOperator<float>>(r, tflite, "RELU", "relu");
        Unary<float, float, ClampOperator<float>>(r, tflite, "RELU6", "relu6", _ => new(0f, 6f));
        Unary<float, float, ClampOperator<float>>(r, tflite, "RELU_N1_TO_1", "relun1to1", _ => new(-1f, 1f));
        Unary<float, float, ClampOperator<float>>(r, tflite, "RELU_0_TO_1", "relu0to1", _ => new(0f, 1f));
        Unary<float, float, LeakyReluOperator>(r, tflite, "LEAKY_RELU", "leakyrelu", c => new(c.Attributes.GetFloat("alpha", 0f)));
        Unary<float, float, TfliteLogisticOperator>(r, tflite, "LOGISTIC", "logistic");
        Unary<float, float, TanhOperator>(r, tflite, "TANH", "tanh");
        Unary<float, float, TfliteHardSwishOperator>(r, tflite, "HARD_SWISH", "hardswish");
        Unary<float, float, EluOperator>(r, tflite, "ELU", "elu", _ => new(1f));
        Unary<float, float, AbsOperator<float>>(r, tflite, "ABS", "abs");
        Unary<float, float, NegateOperator<float>>(r, tflite, "NEG", "neg");
        Unary<float, float, ExpOperator>(r, tflite, "EXP", "exp");
        Unary<float, float, LogOperator>(r, tflite, "LOG", "log");
        Unary<float, float, SqrtOperator>(r, tflite, "SQRT", "sqrt");
        Unary<float, float, RsqrtOperator>(r, tflite, "RSQRT", "rsqrt");
        Unary<float, float, SquareOperator>(r, tflite, "SQUARE", "square");
        Unary<float, float, FloorOperator>(r, tflite, "FLOOR", "floor");
        Unary<float, float, CeilOperator>(r, tflite, "CEIL", "ceil");
        Unary<float, float, RoundOperator>(r, tflite, "ROUND", "round");
        Unary<float, float, SinOperator>(r, tflite, "SIN", "sin");
        Unary<float, float, CosOperator>(r, tflite, "COS", "cos");
    }

    private static void FusedBinary<TOp>(KernelRegistry r, string op, string name) where TOp : struct, IBinaryOperator<float, float, float> =>
        r.Add(new KernelEntry(OpDomains.Tflite, op, DataType.Float32, Isa.Reference, $"f32-{name}-minmax-ref", TfliteElementwiseBindings.FusedBinary<TOp>));
}
