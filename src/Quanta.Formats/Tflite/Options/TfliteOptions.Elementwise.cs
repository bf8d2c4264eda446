namespace Quanta.Formats.Tflite.Options;

// Element-wise and activation options (schema.fbs: AddOptions, SubOptions, MulOptions, DivOptions,
// SoftmaxOptions, LeakyReluOptions, L2NormOptions, CastOptions).
internal static partial class TfliteOptions
{
    private static void Add(tflite.AddOptions o, TfliteAttributeWriter w)
    {
        w.Enum("fused_activation_function", o.FusedActivationFunction);
        // int16 ADD/SUB: true selects the power-of-two-scale kernel; the schema default is true.
        w.Bool("pot_scale_int16", o.PotScaleInt16);
    }

    private static void Sub(tflite.SubOptions o, TfliteAttributeWriter w)
    {
        w.Enum("fused_activation_function", o.FusedActivationFunction);
        w.Bool("pot_scale_int16", o.PotScaleInt16);
    }

    private static void Mul(tflite.MulOptions o, TfliteAttributeWriter w) =>
        w.Enum("fused_activation_function", o.FusedActivationFunction);

    private static void Div(tflite.DivOptions o, TfliteAttributeWriter w) =>
        w.Enum("fused_activation_function", o.FusedActivationFunction);

    private static void Softmax(tflite.SoftmaxOptions o, TfliteAttributeWriter w) => w.Float("beta", o.Beta);

    private static void LeakyRelu(tflite.LeakyReluOptions o, TfliteAttributeWriter w) => w.Float("alpha", o.Alpha);

    private static void L2Norm(tflite.L2NormOptions o, TfliteAttributeWriter w) =>
        w.Enum("fused_activation_function", o.FusedActivationFunction);

    private static void Cast(tflite.CastOptions o, TfliteAttributeWriter w)
    {
        w.Enum("in_data_type", o.InDataType);
        w.Enum("out_data_type", o.OutDataType);
    }
}
