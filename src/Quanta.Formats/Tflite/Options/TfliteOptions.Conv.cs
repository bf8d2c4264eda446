namespace Quanta.Formats.Tflite.Options;

// Convolution, pooling and fully connected options (schema.fbs: Conv2DOptions, DepthwiseConv2DOptions,
// TransposeConvOptions, Pool2DOptions, FullyConnectedOptions). Deprecated fields are not written.
internal static partial class TfliteOptions
{
    private static void Conv2D(tflite.Conv2DOptions o, TfliteAttributeWriter w)
    {
        w.Enum("padding", o.Padding);
        w.Int("stride_w", o.StrideW);
        w.Int("stride_h", o.StrideH);
        w.Enum("fused_activation_function", o.FusedActivationFunction);
        w.Int("dilation_w_factor", o.DilationWFactor);
        w.Int("dilation_h_factor", o.DilationHFactor);
        w.Enum("quantized_bias_type", o.QuantizedBiasType);
    }

    private static void DepthwiseConv2D(tflite.DepthwiseConv2DOptions o, TfliteAttributeWriter w)
    {
        w.Enum("padding", o.Padding);
        w.Int("stride_w", o.StrideW);
        w.Int("stride_h", o.StrideH);
        // Redundant with the weight shape since TF 2.0 (TFLite ignores it in newer kernels), kept as stored.
        w.Int("depth_multiplier", o.DepthMultiplier);
        w.Enum("fused_activation_function", o.FusedActivationFunction);
        w.Int("dilation_w_factor", o.DilationWFactor);
        w.Int("dilation_h_factor", o.DilationHFactor);
    }

    private static void TransposeConv(tflite.TransposeConvOptions o, TfliteAttributeWriter w)
    {
        w.Enum("padding", o.Padding);
        w.Int("stride_w", o.StrideW);
        w.Int("stride_h", o.StrideH);
        w.Enum("fused_activation_function", o.FusedActivationFunction);
        w.Enum("quantized_bias_type", o.QuantizedBiasType);
    }

    private static void Pool2D(tflite.Pool2DOptions o, TfliteAttributeWriter w)
    {
        w.Enum("padding", o.Padding);
        w.Int("stride_w", o.StrideW);
        w.Int("stride_h", o.StrideH);
        w.Int("filter_width", o.FilterWidth);
        w.Int("filter_height", o.FilterHeight);
        w.Enum("fused_activation_function", o.FusedActivationFunction);
    }

    private static void FullyConnected(tflite.FullyConnectedOptions o, TfliteAttributeWriter w)
    {
        w.Enum("fused_activation_function", o.FusedActivationFunction);
        w.Enum("weights_format", o.WeightsFormat);
        w.Bool("keep_num_dims", o.KeepNumDims);
        w.Bool("asymmetric_quantize_inputs", o.AsymmetricQuantizeInputs);
        w.Enum("quantized_bias_type", o.QuantizedBiasType);
    }
}
