namespace Quanta.Core;

public static partial class OpSchemas
{
    static partial void AddElementwise(List<IOpSchema> list)
    {
        AddOnnxElementwise(list);
        AddTfliteElementwise(list);
    }

    private static void AddOnnxElementwise(List<IOpSchema> list)
    {
        DataType[] boolean = [DataType.Bool];
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div" }) list.Add(new BroadcastSchema(op) { MaxInputs = 2 });
        foreach (var op in new[] { "Max", "Min", "Sum", "Mean" }) list.Add(new BroadcastSchema(op, minInputs: 1));
        list.Add(new BroadcastSchema("Pow") { MaxInputs = 2, SameInputTypes = false });
        list.Add(new BroadcastSchema("Mod") { MaxInputs = 2, Check = CheckMod });
        list.Add(new BroadcastSchema("BitShift") { MaxInputs = 2, InputTypes = [DataType.UInt8], Check = CheckBitShift });
        foreach (var op in new[] { "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual" })
            list.Add(new BroadcastSchema(op, DataType.Bool) { MaxInputs = 2 });
        foreach (var op in new[] { "And", "Or", "Xor" }) list.Add(new BroadcastSchema(op) { MaxInputs = 2, InputTypes = boolean });
        list.Add(new UnarySchema("Not") { InputTypes = boolean });
        list.Add(new WhereSchema(OpDomains.Onnx, "Where"));
        list.Add(new PReluSchema());
        list.Add(new ClipSchema());
        list.Add(new UnarySchema("IsNaN", DataType.Bool));
        list.Add(new UnarySchema("IsInf", DataType.Bool));
        foreach (var op in new[]
        {
            "Relu", "LeakyRelu", "Elu", "Selu", "Celu", "ThresholdedRelu", "Sigmoid", "HardSigmoid", "HardSwish",
            "Tanh", "Softplus", "Softsign", "Abs", "Neg", "Sign", "Exp", "Log", "Sqrt", "Reciprocal", "Floor",
            "Ceil", "Round", "Erf", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh",
            "Acosh", "Atanh",
        })
        {
            list.Add(new UnarySchema(op));
        }
    }

    private static void AddTfliteElementwise(List<IOpSchema> list)
    {
        const string tflite = OpDomains.Tflite;
        foreach (var op in new[] { "ADD", "SUB", "MUL", "DIV" })
            list.Add(new BroadcastSchema(op) { Domain = tflite, MaxInputs = 2, Check = TfliteElementwiseChecks.FusedActivation });
        foreach (var op in new[] { "MAXIMUM", "MINIMUM", "SQUARED_DIFFERENCE", "POW", "PRELU" })
            list.Add(new BroadcastSchema(op) { Domain = tflite, MaxInputs = 2 });
        foreach (var op in new[] { "EQUAL", "NOT_EQUAL", "LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL" })
            list.Add(new BroadcastSchema(op, DataType.Bool) { Domain = tflite, MaxInputs = 2 });
        foreach (var op in new[] { "LOGICAL_AND", "LOGICAL_OR" })
            list.Add(new BroadcastSchema(op) { Domain = tflite, MaxInputs = 2, InputTypes = [DataType.Bool] });
        list.Add(new UnarySchema("LOGICAL_NOT") { Domain = tflite, InputTypes = [DataType.Bool] });
        list.Add(new TfliteSelectSchema());
        list.Add(new WhereSchema(tflite, "SELECT_V2"));
        foreach (var op in new[]
        {
            "RELU", "RELU6", "RELU_N1_TO_1", "RELU_0_TO_1", "LEAKY_RELU", "LOGISTIC", "TANH", "HARD_SWISH", "ELU",
            "ABS", "NEG", "EXP", "LOG", "SQRT", "RSQRT", "SQUARE", "FLOOR", "CEIL", "ROUND", "SIN", "COS",
        })
        {
            list.Add(new UnarySchema(op) { Domain = tflite });
        }
    }

    /// <summary>ONNX Mod: fmod is 0 (Python's %, integers only) or 1 (C's fmod).</summary>
    private static void CheckMod(InferenceContext context)
    {
        long fmod = context.Attributes.GetInt("fmod", 0);
        if (fmod is not (0 or 1)) throw context.Error($"fmod must be 0 or 1, is {fmod}");
        if (fmod == 0 && context.Input(0).Type.IsFloat())
            throw context.Error("fmod = 0 (Python's %) is defined for integers only; floating-point inputs need fmod = 1");
    }

    /// <summary>ONNX BitShift: direction is LEFT or RIGHT.</summary>
    private static void CheckBitShift(InferenceContext context)
    {
        string direction = context.Attributes.GetString("direction", "");
        if (direction is not ("LEFT" or "RIGHT")) throw context.Error($"direction must be LEFT or RIGHT, is '{direction}'");
    }
}
