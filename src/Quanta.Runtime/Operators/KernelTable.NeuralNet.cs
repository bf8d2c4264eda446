using Quanta.Core;

namespace Quanta.Runtime;

public static partial class KernelTable
{
    static partial void AddNeuralNet(KernelRegistry r)
    {
        const string Onnx = OpDomains.Onnx, Tflite = OpDomains.Tflite;
        const DataType F32 = DataType.Float32;
        const Isa Ref = Isa.Reference;

        r.Add(new KernelEntry(Onnx, "Conv", F32, Ref, "f32-conv-ref", c => new OnnxConvFloatKernel(c, transposed: false)));
        r.Add(new KernelEntry(Onnx, "ConvTranspose", F32, Ref, "f32-convtranspose-ref", c => new OnnxConvFloatKernel(c, transposed: true)));
        r.Add(new KernelEntry(Onnx, "Gemm", F32, Ref, "f32-gemm-ref", c => new OnnxGemmFloatKernel(c)));
        r.Add(new KernelEntry(Onnx, "MatMul", F32, Ref, "f32-matmul-ref", c => new OnnxMatMulFloatKernel(c)));
        r.Add(new KernelEntry(Onnx, "BatchNormalization", F32, Ref, "f32-batchnorm-ref", c => new OnnxBatchNormalizationFloatKernel(c)));
        r.Add(new KernelEntry(Onnx, "InstanceNormalization", F32, Ref, "f32-instancenorm-ref", c => new OnnxInstanceNormalizationFloatKernel(c)));
        r.Add(new KernelEntry(Onnx, "LRN", F32, Ref, "f32-lrn-ref", c => new OnnxLrnFloatKernel(c)));
        r.Add(new KernelEntry(Onnx, "MaxPool", F32, Ref, "f32-maxpool-ref", c => new OnnxPoolFloatKernel(c, global: false)));
        r.Add(new KernelEntry(Onnx, "MaxPool", DataType.UInt8, Ref, "u8-maxpool-ref", c => new OnnxMaxPoolIntegerKernel<byte>(c)));
        r.Add(new KernelEntry(Onnx, "MaxPool", DataType.Int8, Ref, "s8-maxpool-ref", c => new OnnxMaxPoolIntegerKernel<sbyte>(c)));
        r.Add(new KernelEntry(Onnx, "AveragePool", F32, Ref, "f32-averagepool-ref", c => new OnnxPoolFloatKernel(c, global: false)));
        r.Add(new KernelEntry(Onnx, "LpPool", F32, Ref, "f32-lppool-ref", c => new OnnxPoolFloatKernel(c, global: false)));
        r.Add(new KernelEntry(Onnx, "GlobalAveragePool", F32, Ref, "f32-globalaveragepool-ref", c => new OnnxPoolFloatKernel(c, global: true)));
        r.Add(new KernelEntry(Onnx, "GlobalMaxPool", F32, Ref, "f32-globalmaxpool-ref", c => new OnnxPoolFloatKernel(c, global: true)));
        r.Add(new KernelEntry(Onnx, "GlobalLpPool", F32, Ref, "f32-globallppool-ref", c => new OnnxPoolFloatKernel(c, global: true)));
        r.Add(new KernelEntry(Onnx, "Resize", F32, Ref, "f32-resize-ref", c => new OnnxResizeFloatKernel(c)));

        r.Add(new KernelEntry(Tflite, "CONV_2D", F32, Ref, "f32-conv2d-ref", c => TfliteHybridKernel.TryCreate(c) ?? new TfliteConvFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "DEPTHWISE_CONV_2D", F32, Ref, "f32-depthwiseconv2d-ref", c => TfliteHybridKernel.TryCreate(c) ?? new TfliteConvFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "TRANSPOSE_CONV", F32, Ref, "f32-transposeconv-ref", c => new TfliteConvFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "FULLY_CONNECTED", F32, Ref, "f32-fullyconnected-ref", c => TfliteHybridKernel.TryCreate(c) ?? new TfliteFullyConnectedFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "AVERAGE_POOL_2D", F32, Ref, "f32-averagepool2d-ref", c => new TflitePoolFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "MAX_POOL_2D", F32, Ref, "f32-maxpool2d-ref", c => new TflitePoolFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "L2_POOL_2D", F32, Ref, "f32-l2pool2d-ref", c => new TflitePoolFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "RESIZE_BILINEAR", F32, Ref, "f32-resizebilinear-ref", c => new TfliteResizeFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "RESIZE_NEAREST_NEIGHBOR", F32, Ref, "f32-resizenearestneighbor-ref", c => new TfliteResizeFloatKernel(c)));
        r.Add(new KernelEntry(Tflite, "L2_NORMALIZATION", F32, Ref, "f32-l2normalization-ref", c => new TfliteL2NormalizationFloatKernel(c)));
    }
}
