namespace Quanta.Core;

/// <summary>
/// An operator's schema: its name, domain and shape inference. One file per op, named after it
/// (see docs/decisions/0002-ir-op-set.md for the op set and its semantics).
/// </summary>
public interface IOpSchema
{
    /// <summary>The op type, e.g. <c>Conv</c> or <c>CONV_2D</c>.</summary>
    string OpType { get; }

    /// <summary>The op domain: <see cref="OpDomains.Onnx"/> or <see cref="OpDomains.Tflite"/>.</summary>
    string Domain { get; }

    /// <summary>
    /// Indices of inputs whose <em>contents</em> (not just shape) decide the output shape, such as
    /// Reshape's target shape. The runtime specializes its plan on their values.
    /// </summary>
    IReadOnlyList<int> ShapeInputs => [];

    /// <summary>
    /// True when the outputs depend only on the inputs' shapes, not their contents (Shape, Size):
    /// a value flowing only into such inputs does not make its producers shape-relevant.
    /// </summary>
    bool ReadsOnlyShapes => false;

    /// <summary>
    /// The input whose data type selects the node's kernel, when it is not the first present input
    /// (TFLite TRANSPOSE_CONV: input 0 is the int32 output shape, input 2 the data). Null: the
    /// first present input (else the first output), the kernel registry's default.
    /// </summary>
    int? KernelKeyInput => null;

    /// <summary>
    /// Infers output types and shapes from what is known about the inputs, setting them with
    /// <see cref="InferenceContext.SetOutput"/>. May also set an output's contents when they follow
    /// from input shapes alone (Shape). Unknown dimensions stay <see cref="Shape.Unknown"/>.
    /// </summary>
    /// <exception cref="GraphValidationException">Inputs contradict the op (rank, type, sizes).</exception>
    /// <exception cref="UnsupportedException">An attribute value or type Quanta does not support.</exception>
    void Infer(InferenceContext context);
}

/// <summary>The operator domains of Quanta's IR.</summary>
public static class OpDomains
{
    /// <summary>ONNX's default domain (ai.onnx), written as the empty string.</summary>
    public const string Onnx = "";

    /// <summary>ONNX Runtime's contrib domain.</summary>
    public const string Microsoft = "com.microsoft";

    /// <summary>TensorFlow Lite builtin operators, with TFLite's names and NHWC semantics.</summary>
    public const string Tflite = "tflite";
}
