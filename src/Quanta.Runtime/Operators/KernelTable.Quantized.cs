using Quanta.Core;

namespace Quanta.Runtime;

public static partial class KernelTable
{
    // TFLite integer reference kernels (bit-exact with TFLite's reference_integer_ops), keyed by the
    // data type of the first input. qs8 = int8 activations, qs16 = int16 activations (16x8 scheme).
    // Data-movement ops whose kernels are type-agnostic (RESHAPE, TRANSPOSE, STRIDED_SLICE, …) are
    // registered by the TensorOps group for every type; PAD and CONCATENATION are here because
    // quantized data needs the zero point as pad value and requantization.
    static partial void AddQuantized(KernelRegistry r)
    {
        const string tfl = OpDomains.Tflite;
        AddQuantizedPair(r, "CONV_2D", "conv2d", c => new Conv2DIntegerKernel(c));
        AddQuantizedPair(r, "DEPTHWISE_CONV_2D", "dwconv2d", c => new DepthwiseConv2DIntegerKernel(c));
        AddQuantizedPair(r, "FULLY_CONNECTED", "fc", c => new FullyConnectedIntegerKernel(c));
        // TRANSPOSE_CONV's kernel is selected by its data input (input 2; input 0 is the int32
        // output_shape), which its schema names as the kernel key input.
        AddQuantizedPair(r, "TRANSPOSE_CONV", "transposeconv2d", c => new TransposeConv2DIntegerKernel(c));
        AddQuantizedPair(r, "ADD", "add", c => new AddSubIntegerKernel(c, subtract: false));
        AddQuantizedPair(r, "SUB", "sub", c => new AddSubIntegerKernel(c, subtract: true));
        AddQuantizedPair(r, "MUL", "mul", c => new MulIntegerKernel(c));
        AddQuantizedPair(r, "AVERAGE_POOL_2D", "avgpool2d", c => new PoolingIntegerKernel(c, average: true));
        AddQuantizedPair(r, "MAX_POOL_2D", "maxpool2d", c => new PoolingIntegerKernel(c, average: false));
        AddQuantizedPair(r, "MEAN", "mean", c => new MeanIntegerKernel(c));
        AddQuantizedPair(r, "SOFTMAX", "softmax", c => new SoftmaxIntegerKernel(c));
        AddQuantizedPair(r, "LOGISTIC", "logistic", c => new SigmoidIntegerKernel(c, tanh: false));
        AddQuantizedPair(r, "TANH", "tanh", c => new SigmoidIntegerKernel(c, tanh: true));
        r.Add(new KernelEntry(tfl, "HARD_SWISH", DataType.Int8, Isa.Reference, "qs8-hardswish-ref", c => new HardSwishIntegerKernel(c)));
        AddQuantizedPair(r, "LEAKY_RELU", "leakyrelu", c => new LeakyReluIntegerKernel(c));
        AddQuantizedPair(r, "RELU", "relu", c => new ReluIntegerKernel(c, 0f, float.PositiveInfinity));
        AddQuantizedPair(r, "RELU6", "relu6", c => new ReluIntegerKernel(c, 0f, 6f));
        AddQuantizedPair(r, "RELU_N1_TO_1", "relun1to1", c => new ReluIntegerKernel(c, -1f, 1f));
        AddQuantizedPair(r, "CONCATENATION", "concat", c => new ConcatenationIntegerKernel(c));
        foreach (var op in new[] { "PAD", "PADV2" })
        {
            string name = op.ToLowerInvariant();
            AddQuantizedPair(r, op, name, c => new PadIntegerKernel(c));
            r.Add(new KernelEntry(tfl, op, DataType.UInt8, Isa.Reference, $"qu8-{name}-ref", c => new PadIntegerKernel(c)));
        }

        r.Add(tfl, "QUANTIZE", [DataType.Float32, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32], Isa.Reference,
            "{type}-quantize-ref", c => new QuantizeKernel(c));
        r.Add(tfl, "DEQUANTIZE", [DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32, DataType.Float16], Isa.Reference,
            "{type}-dequantize-ref", c => new DequantizeKernel(c));
    }

    private static void AddQuantizedPair(KernelRegistry r, string op, string name, KernelFactory create)
    {
        r.Add(new KernelEntry(OpDomains.Tflite, op, DataType.Int8, Isa.Reference, $"qs8-{name}-ref", create));
        r.Add(new KernelEntry(OpDomains.Tflite, op, DataType.Int16, Isa.Reference, $"qs16-{name}-ref", create));
    }
}
