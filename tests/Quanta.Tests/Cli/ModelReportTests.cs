using Quanta.Cli.Inspection;
using Quanta.Core;
using Quanta.Runtime;
using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Cli;

public class ModelReportTests
{
    [Fact]
    public void CountsWeightsAndBiasesButNotSettingsShapesOrQuantizationParameters()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(1, 3));
        var w = g.AddConstant("w", Tensor.Zeros(DataType.Float32, new Shape(3, 4)));             // 12: counts
        var lo = g.AddConstant("lo", Tensor.Scalar(0f));                                        // scalar setting
        var hi = g.AddConstant("hi", Tensor.Vector(6f));                                        // Clip bound (rank 1)
        var shape = g.AddConstant("shape", Tensor.Vector(1L, 4L));                              // int64 shape
        var qw = g.AddConstant("qw", Tensor.Zeros(DataType.Int8, new Shape(4, 2)));              // 8: counts
        var scale = g.AddConstant("scale", Tensor.Vector(0.1f, 0.2f, 0.3f, 0.4f));              // DequantizeLinear scale
        var zp = g.AddConstant("zp", Tensor.Zeros(DataType.Int8, new Shape(4)));                 // DequantizeLinear zero point
        var qb = g.AddConstant("qb", Tensor.Zeros(DataType.Int32, new Shape(2), new QuantParams(0.01f, 0))); // 2: quantized bias counts
        var newShape = g.AddConstant("new_shape", Tensor.Vector(2, 2));                          // int32 shape: does not count
        var h = g.AddValue("h");
        var c = g.AddValue("c");
        var r = g.AddValue("r");
        var dq = g.AddValue("dq");
        var t = g.AddValue("t");
        var r2 = g.AddValue("r2");
        g.AddNode("MatMul", [x, w], [h]);
        g.AddNode("Clip", [h, lo, hi], [c]);
        g.AddNode("Reshape", [c, shape], [r]);
        g.AddNode("DequantizeLinear", [qw, scale, zp], [dq]);
        g.AddNode("ADD", [qb, qb], [t], domain: "tflite");
        g.AddNode("RESHAPE", [t, newShape], [r2], domain: "tflite");
        g.Outputs.AddRange([r, dq, r2]);
        Assert.Equal(12 + 8 + 2, ParameterCounter.Count(g));
    }

    [SkippableFact]
    public void TheDefaultModelHasTheParametersOfItsInitializers()
    {
        string path = TestData.Require(CliHarness.DefaultModel, "the repository's models/ folder");
        var report = ModelReport.Build(Formats.ModelLoader.Load(path), KernelRegistry.Default);
        // The sum of the initializers' element counts, computed with python3-onnx and NumPy.
        Assert.Equal(817_962, report.Parameters);
    }

    [Fact]
    public void AnOpWithKernelsForOtherTypesOnlyIsUnsupportedForThisType()
    {
        var g = new Graph();
        var a = g.AddInput("a", DataType.Bool, new Shape(2));
        var y = g.AddValue("y", DataType.Bool, new Shape(2));
        g.AddNode("Add", [a, a], [y], "add_bools");
        g.Outputs.Add(y);
        var report = ModelReport.Build(new Model(g) { Opsets = { [""] = 17 } }, KernelRegistry.Default);
        var u = Assert.Single(report.Unsupported);
        Assert.Equal("add_bools", u.Node);
        Assert.StartsWith("no kernel for bool inputs (kernels: ", u.Reason);
        Assert.False(Assert.Single(report.Ops).Supported);
    }
}
