using Quanta.Core;
using Quanta.Quantization;
using static Quanta.Tests.Passes.PassTestGraphs;

namespace Quanta.Tests.PostTraining;

/// <summary>Small float models and in-memory calibration data for quantizer tests.</summary>
internal static class QuantizerTestModels
{
    /// <summary>x[N,2,6,6] → Conv(3 out, 3×3, pad 1) → Relu → MaxPool 2×2 → Flatten → Gemm(27→4) → y,
    /// with a residual-free branch: the Conv output also feeds nothing else.</summary>
    public static Model ConvReluPoolFc()
    {
        var g = new Graph();
        var x = g.AddInput("x", DataType.Float32, new Shape(Shape.Unknown, 2, 6, 6));
        var c = g.AddValue("c");
        var conv = g.AddNode("Conv", [x, g.AddConstant("w", Random(new Shape(3, 2, 3, 3), 1)), g.AddConstant("b", Random(new Shape(3), 2, 0.5f))], [c], "conv");
        conv.Attributes.Set("pads", [1L, 1, 1, 1]);
        var r = g.AddValue("r");
        g.AddNode("Relu", [c], [r], "relu");
        var p = g.AddValue("p");
        var pool = g.AddNode("MaxPool", [r], [p], "pool");
        pool.Attributes.Set("kernel_shape", [2L, 2]);
        pool.Attributes.Set("strides", [2L, 2]);
        var f = g.AddValue("f");
        g.AddNode("Flatten", [p], [f], "flatten");
        var y = g.AddValue("y");
        var fc = g.AddNode("Gemm", [f, g.AddConstant("fc_w", Random(new Shape(4, 27), 3, 0.3f)), g.AddConstant("fc_b", Random(new Shape(4), 4))], [y], "fc");
        fc.Attributes.Set("transB", 1L);
        g.Outputs.Add(y);
        var model = ModelOf(g);
        GraphShapeInference.Run(g, 17);
        return model;
    }

    /// <summary>Random N(0,1)-ish samples for a single-input model.</summary>
    public sealed class RandomData(Shape sampleShape, int count, int seed = 42) : ICalibrationDataset
    {
        public string Description => "random";

        public int Count => count;

        public IReadOnlyList<Tensor> Batch(int start, int n)
        {
            var dims = sampleShape.ToArray();
            dims[0] = n;
            return [Random(new Shape(dims), seed + start * 7919 + n, 2f)];
        }
    }
}
