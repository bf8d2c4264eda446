using Quanta.Core;
using Quanta.Quantization;
using Xunit;
using static Quanta.Tests.PostTraining.QuantizerTestModels;

namespace Quanta.Tests.PostTraining;

public class QuantizerTests
{
    private static QuantizationResult Int8(Model model, QuantizationOptions? options = null) =>
        new Quantizer(options ?? new QuantizationOptions { Samples = 40, BatchSize = 16 }).Quantize(model, new RandomData(new Shape(1, 2, 6, 6), 60));

    [Fact]
    public void WeightsGetOneSymmetricScalePerOutputChannel()
    {
        var model = ConvReluPoolFc();
        var w = model.Graph.GetValue("w").Constant!.ToArray<float>();
        var plan = Int8(model).Plan;
        var wq = plan.Find("w")!;
        Assert.Equal(DataType.Int8, wq.Type);
        Assert.Equal(TensorRole.Weight, wq.Role);
        Assert.Equal(0, wq.Params!.Axis);
        for (int c = 0; c < 3; c++)
        {
            float maxAbs = w.Skip(c * 18).Take(18).Max(Math.Abs);
            Assert.Equal(maxAbs / 127, wq.Params.ScaleAt(c));
            Assert.Equal(0, wq.Params.ZeroPointAt(c));
        }
        // Fully-connected weights [out, in]: one scale per output row.
        Assert.Equal(4, plan.Find("fc_w")!.Params!.Count);
        // Per tensor on request.
        var perTensor = Int8(ConvReluPoolFc(), new QuantizationOptions { Samples = 40, PerChannel = false }).Plan;
        Assert.False(perTensor.Find("w")!.Params!.IsPerAxis);
        Assert.Equal(w.Max(Math.Abs) / 127, perTensor.Find("w")!.Params!.Scale);
    }

    [Fact]
    public void BiasScaleIsInputScaleTimesWeightScaleWithZeroPoint0()
    {
        var plan = Int8(ConvReluPoolFc()).Plan;
        var x = plan.Find("x")!.Params!;
        var w = plan.Find("w")!.Params!;
        var b = plan.Find("b")!;
        Assert.Equal(DataType.Int32, b.Type);
        Assert.Equal(TensorRole.Bias, b.Role);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(x.Scale * w.ScaleAt(c), b.Params!.ScaleAt(c));
            Assert.Equal(0, b.Params.ZeroPointAt(c));
        }
    }

    [Fact]
    public void ReluIsFusedIntoTheConvAndDataMovementSharesParameters()
    {
        var plan = Int8(ConvReluPoolFc()).Plan;
        // The Conv's own output is not quantized: it is clamped by the Relu output's parameters.
        Assert.Null(plan.Find("c"));
        Assert.Equal("relu", plan.Nodes["conv"].FusedActivation);
        var r = plan.Find("r")!;
        Assert.Equal(0f, r.Range!.Value.Min);
        Assert.Equal(-128, r.Params!.ZeroPoint);
        // MaxPool and Flatten move data: same parameters as their input.
        Assert.Equal(r.Params, plan.Find("p")!.Params);
        Assert.Equal(r.Params, plan.Find("f")!.Params);
        Assert.All(plan.Nodes.Values, n => Assert.Equal(NodeStatus.Quantized, n.Status));
    }

    [Fact]
    public void ActivationParametersCoverTheCalibratedRangeWithZero()
    {
        var plan = Int8(ConvReluPoolFc()).Plan;
        var y = plan.Find("y")!;
        var range = y.Range!.Value.WithZero();
        Assert.Equal((range.Max - range.Min) / 255, y.Params!.Scale, 6);
        // The zero point maps real 0 to an integer: zp = round(−128 − min/scale).
        Assert.Equal((int)Math.Round(-128 - range.Min / y.Params.Scale), y.Params.ZeroPoint);
    }

    [Fact]
    public void Int8WithoutCalibrationDataSaysHowToGiveSome()
    {
        var e = Assert.Throws<InvalidInputException>(() => new Quantizer().Quantize(ConvReluPoolFc()));
        Assert.Contains("--calibration", e.Message);
        Assert.Contains("dynamic", e.Message);
    }

    [Fact]
    public void AnOpWithoutAQuantizerIsNamedAndCanBeExcluded()
    {
        var model = ConvReluPoolFc();
        var g = model.Graph;
        // Put an Erf (no quantizer) between the pool and the flatten.
        var flatten = g.Nodes.Single(n => n.OpType == "Flatten");
        var p = flatten.Inputs[0]!;
        var e1 = g.AddValue("erf_out");
        g.InsertNode(g.Nodes.ToList().IndexOf(flatten), "Erf", [p], [e1], "odd_one");
        flatten.Inputs[0] = e1;
        GraphShapeInference.Run(g, 17);

        var e = Assert.Throws<UnsupportedException>(() => Int8(model));
        Assert.Contains("Erf 'odd_one'", e.Message);
        Assert.Contains("--exclude Erf", e.Message);

        foreach (string exclude in new[] { "Erf", "odd_one" })
        {
            var plan = Int8(model, new QuantizationOptions { Samples = 40, Exclude = [exclude] }).Plan;
            Assert.Equal(NodeStatus.Excluded, plan.Nodes["odd_one"].Status);
            // The float node's output is read by the quantized Flatten: it gets calibrated parameters.
            Assert.NotNull(plan.Find("erf_out"));
        }
    }

    [Fact]
    public void DynamicModeQuantizesWeightsOnlyAndNeedsNoData()
    {
        var plan = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Dynamic }).Quantize(ConvReluPoolFc()).Plan;
        Assert.Equal(["fc_w", "w"], plan.Values.Keys.Order());
        Assert.Equal(NodeStatus.Quantized, plan.Nodes["conv"].Status);
        Assert.Equal(NodeStatus.Float, plan.Nodes["relu"].Status);
    }

    [Fact]
    public void Float16ModeStoresEveryWeightAsHalf()
    {
        var plan = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Float16 }).Quantize(ConvReluPoolFc()).Plan;
        Assert.Equal(["b", "fc_b", "fc_w", "w"], plan.Values.Keys.Order());
        Assert.All(plan.Values.Values, v => Assert.Equal(DataType.Float16, v.Type));
    }

    [Fact]
    public void Int16x8UsesSymmetricInt16ActivationsAndInt64Bias()
    {
        var plan = new Quantizer(new QuantizationOptions { Mode = QuantizationMode.Int16x8, Samples = 40 })
            .Quantize(ConvReluPoolFc(), new RandomData(new Shape(1, 2, 6, 6), 60)).Plan;
        var x = plan.Find("x")!;
        Assert.Equal(DataType.Int16, x.Type);
        Assert.Equal(0, x.Params!.ZeroPoint);
        Assert.Equal(x.Range!.Value.MaxAbs / 32767, x.Params.Scale, 6);
        Assert.Equal(DataType.Int8, plan.Find("w")!.Type);
        Assert.Equal(DataType.Int64, plan.Find("b")!.Type);
    }

    [Fact]
    public void TheCallersModelIsNotChanged()
    {
        var model = ConvReluPoolFc();
        int nodes = model.Graph.Nodes.Count;
        var result = Int8(model);
        Assert.Equal(nodes, model.Graph.Nodes.Count);
        Assert.NotSame(model.Graph, result.FloatModel.Graph);
        // 60 samples: 6 held back for verification, 40 calibrate (at most Samples).
        Assert.Equal(40, result.Calibration!.Count);
        Assert.Equal(6, result.Verification!.Count);
        Assert.Equal(40, result.Verification.Start);
    }
}
