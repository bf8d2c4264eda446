namespace Quanta.Core;

public static partial class OpSchemas
{
    static partial void AddQuantized(List<IOpSchema> list)
    {
        // TFLite: quantization lives on the values.
        list.Add(new TfliteQuantizeSchema());
        list.Add(new TfliteDequantizeSchema());

        // ONNX QDQ and QOperator forms (scales and zero points are inputs).
        list.Add(new QuantizeLinearSchema());
        list.Add(new DequantizeLinearSchema());
        list.Add(new DynamicQuantizeLinearSchema());
        list.Add(new QLinearConvSchema());
        list.Add(new ConvIntegerSchema());
        list.Add(new QLinearMatMulSchema());
        list.Add(new MatMulIntegerSchema());

        // ONNX Runtime's com.microsoft quantized operators.
        list.Add(new QGemmSchema());
        list.Add(new QLinearBinarySchema("QLinearAdd"));
        list.Add(new QLinearBinarySchema("QLinearMul"));
        list.Add(new QLinearUnarySchema("QLinearSigmoid"));
        list.Add(new QLinearUnarySchema("QLinearLeakyRelu"));
        list.Add(new QLinearPoolSchema("QLinearAveragePool"));
        list.Add(new QLinearPoolSchema("QLinearGlobalAveragePool"));
        list.Add(new QLinearConcatSchema());
    }
}
