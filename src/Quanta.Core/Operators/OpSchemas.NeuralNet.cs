namespace Quanta.Core;

public static partial class OpSchemas
{
    static partial void AddNeuralNet(List<IOpSchema> list)
    {
        // ONNX (NCHW, opset-17 semantics)
        list.Add(new ConvSchema());
        list.Add(new ConvTransposeSchema());
        list.Add(new GemmSchema());
        list.Add(new MatMulSchema());
        list.Add(new ChannelNormalizationSchema("BatchNormalization", channelInputs: 4));
        list.Add(new ChannelNormalizationSchema("InstanceNormalization", channelInputs: 2));
        list.Add(new ChannelNormalizationSchema("LRN", channelInputs: 0));
        list.Add(new PoolSchema("MaxPool"));
        list.Add(new PoolSchema("AveragePool"));
        list.Add(new PoolSchema("LpPool"));
        list.Add(new GlobalPoolSchema("GlobalAveragePool"));
        list.Add(new GlobalPoolSchema("GlobalMaxPool"));
        list.Add(new GlobalPoolSchema("GlobalLpPool"));
        list.Add(new ResizeSchema());

        // TFLite (NHWC, tensors as stored)
        list.Add(new TfliteConvSchema("CONV_2D"));
        list.Add(new TfliteConvSchema("DEPTHWISE_CONV_2D"));
        list.Add(new TfliteTransposeConvSchema());
        list.Add(new TfliteFullyConnectedSchema());
        list.Add(new TflitePoolSchema("AVERAGE_POOL_2D"));
        list.Add(new TflitePoolSchema("MAX_POOL_2D"));
        list.Add(new TflitePoolSchema("L2_POOL_2D"));
        list.Add(new TfliteResizeSchema("RESIZE_BILINEAR"));
        list.Add(new TfliteResizeSchema("RESIZE_NEAREST_NEIGHBOR"));
        list.Add(new TfliteL2NormalizationSchema());
    }
}
