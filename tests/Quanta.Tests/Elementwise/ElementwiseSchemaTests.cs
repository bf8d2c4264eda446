using Quanta.Core;
using Xunit;

namespace Quanta.Tests.Elementwise;

/// <summary>Shape inference of the element-wise schemas, with symbolic (unknown) dimensions.</summary>
public class ElementwiseSchemaTests
{
    private static (Value Y, Graph G) Infer(string op, (DataType Type, Shape? Shape)[] inputs, string domain = "", Action<AttributeMap>? attributes = null)
    {
        var g = new Graph();
        var values = inputs.Select((x, i) => (Value?)g.AddInput($"in{i}", x.Type, x.Shape)).ToList();
        var y = g.AddValue("y");
        var node = g.AddNode(op, values, [y], "n1", domain);
        attributes?.Invoke(node.Attributes);
        g.Outputs.Add(y);
        GraphShapeInference.Run(g, 17);
        return (y, g);
    }

    private const int U = Shape.Unknown;

    [Fact]
    public void Broadcast_KeepsUnknownDimensionsUnlessFixed()
    {
        var (y, _) = Infer("Add", [(DataType.Float32, new Shape(U, 3, 1)), (DataType.Float32, new Shape(4))]);
        Assert.Equal(new Shape(U, 3, 4), y.Shape);
        Assert.Equal(DataType.Float32, y.Type);
        var (z, _) = Infer("Mul", [(DataType.Int64, new Shape(U)), (DataType.Int64, new Shape(5))]);
        Assert.Equal(new Shape(5), z.Shape);
        var (r, _) = Infer("Sub", [(DataType.Float32, null), (DataType.Float32, new Shape(5))]);
        Assert.Null(r.Shape);
    }

    [Fact]
    public void Comparisons_GiveBool_LogicWantsBool()
    {
        Assert.Equal(DataType.Bool, Infer("Less", [(DataType.Int64, new Shape(2)), (DataType.Int64, Shape.Scalar)]).Y.Type);
        Assert.Equal(DataType.Bool, Infer("GREATER_EQUAL", [(DataType.Float32, new Shape(2)), (DataType.Float32, Shape.Scalar)], OpDomains.Tflite).Y.Type);
        Assert.Equal(DataType.Bool, Infer("IsNaN", [(DataType.Float32, new Shape(2))]).Y.Type);
        var e = Assert.Throws<GraphValidationException>(() => Infer("Or", [(DataType.Float32, new Shape(2)), (DataType.Float32, new Shape(2))]));
        Assert.Contains("'n1'", e.Message);
    }

    [Fact]
    public void Where_TakesTheValuesType()
    {
        var (y, _) = Infer("Where", [(DataType.Bool, new Shape(U, 1)), (DataType.Int64, new Shape(3)), (DataType.Int64, Shape.Scalar)]);
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal(new Shape(U, 3), y.Shape);
        Assert.Throws<GraphValidationException>(() => Infer("Where", [(DataType.Bool, new Shape(1)), (DataType.Int64, new Shape(3)), (DataType.Float32, new Shape(3))]));
    }

    [Fact]
    public void PRelu_SlopeMayNotGrowX()
    {
        Assert.Equal(new Shape(U, 3, 4), Infer("PRelu", [(DataType.Float32, new Shape(U, 3, 4)), (DataType.Float32, new Shape(3, 1))]).Y.Shape);
        var e = Assert.Throws<GraphValidationException>(() => Infer("PRelu", [(DataType.Float32, new Shape(3)), (DataType.Float32, new Shape(2, 3))]));
        Assert.Contains("'n1'", e.Message);
        Assert.Contains("slope", e.Message);
    }

    [Fact]
    public void Mod_RequiresFmodForFloats()
    {
        var e = Assert.Throws<GraphValidationException>(() => Infer("Mod", [(DataType.Float32, new Shape(2)), (DataType.Float32, new Shape(2))]));
        Assert.Contains("fmod", e.Message);
        Assert.Contains("'n1'", e.Message);
        Assert.Equal(new Shape(2), Infer("Mod", [(DataType.Float32, new Shape(2)), (DataType.Float32, new Shape(2))], attributes: a => a.Set("fmod", 1L)).Y.Shape);
        Assert.Throws<GraphValidationException>(() => Infer("Mod", [(DataType.Int32, new Shape(2)), (DataType.Int32, new Shape(2))], attributes: a => a.Set("fmod", 2L)));
    }

    [Fact]
    public void Pow_AllowsAnotherExponentType()
    {
        var (y, _) = Infer("Pow", [(DataType.Float32, new Shape(2, 3)), (DataType.Int64, Shape.Scalar)]);
        Assert.Equal(DataType.Float32, y.Type);
        Assert.Equal(new Shape(2, 3), y.Shape);
    }

    [Fact]
    public void BinaryOpsRejectAThirdInput()
    {
        var e = Assert.Throws<GraphValidationException>(() => Infer("Add", [(DataType.Float32, new Shape(2)), (DataType.Float32, new Shape(2)), (DataType.Float32, new Shape(2))]));
        Assert.Contains("takes 2 inputs", e.Message);
    }

    [Fact]
    public void TfliteSelect_AcceptsRankOneConditionOverTheFirstAxis()
    {
        var (y, _) = Infer("SELECT", [(DataType.Bool, new Shape(4)), (DataType.Float32, new Shape(4, 2)), (DataType.Float32, new Shape(4, 2))], OpDomains.Tflite);
        Assert.Equal(new Shape(4, 2), y.Shape);
        Assert.Throws<GraphValidationException>(() => Infer("SELECT", [(DataType.Bool, new Shape(2)), (DataType.Float32, new Shape(4, 2)), (DataType.Float32, new Shape(4, 2))], OpDomains.Tflite));
        Assert.Throws<GraphValidationException>(() => Infer("SELECT", [(DataType.Bool, new Shape(4, 2)), (DataType.Float32, new Shape(4, 2)), (DataType.Float32, new Shape(2))], OpDomains.Tflite));
    }

    [Fact]
    public void EveryElementwiseOpHasASchemaAndAKernel()
    {
        string[] onnx = ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "PRelu", "Mod", "BitShift", "Equal", "Less", "Greater",
            "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Not", "Where", "Relu", "LeakyRelu", "Elu", "Selu", "Celu", "Sigmoid",
            "HardSigmoid", "HardSwish", "Tanh", "Softplus", "Softsign", "Abs", "Neg", "Exp", "Log", "Sqrt", "Reciprocal", "Floor", "Ceil",
            "Round", "Sign", "Erf", "Sin", "Cos", "Clip", "ThresholdedRelu"];
        string[] tflite = ["ADD", "SUB", "MUL", "DIV", "MAXIMUM", "MINIMUM", "RELU", "RELU6", "RELU_N1_TO_1", "RELU_0_TO_1", "LEAKY_RELU",
            "PRELU", "LOGISTIC", "TANH", "HARD_SWISH", "ELU", "ABS", "NEG", "EXP", "LOG", "SQRT", "RSQRT", "SQUARE", "SQUARED_DIFFERENCE",
            "FLOOR", "CEIL", "ROUND", "SIN", "COS", "POW", "EQUAL", "NOT_EQUAL", "LESS", "GREATER", "LESS_EQUAL", "GREATER_EQUAL",
            "LOGICAL_AND", "LOGICAL_OR", "LOGICAL_NOT", "SELECT", "SELECT_V2"];
        var kernels = Quanta.Runtime.KernelRegistry.Default;
        foreach (var (domain, ops) in new[] { (OpDomains.Onnx, onnx), (OpDomains.Tflite, tflite) })
        {
            foreach (var op in ops)
            {
                Assert.True(OpSchemas.Find(domain, op) is not null, $"{domain}:{op} has no schema");
                Assert.True(kernels.Supports(domain, op), $"{domain}:{op} has no kernel");
            }
        }
    }
}
