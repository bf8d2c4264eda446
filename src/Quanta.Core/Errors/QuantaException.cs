namespace Quanta.Core;

/// <summary>Base of every error Quanta raises on purpose: bad models, bad inputs, unsupported
/// features. Its message names what is wrong and where; callers (the CLI) print it without a
/// stack trace.</summary>
public class QuantaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QuantaException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public QuantaException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A model file is malformed: truncated, corrupt, or inconsistent with its schema.</summary>
public class ModelFormatException : QuantaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file or stream the model came from.</param>
    /// <param name="message">What is wrong and where in the file.</param>
    public ModelFormatException(string source, string message) : base($"{source}: {message}") => Source = source;

    /// <summary>Creates the exception with the error that caused it.</summary>
    public ModelFormatException(string source, string message, Exception inner) : base($"{source}: {message}", inner) => Source = source;

    /// <summary>The file or stream the model came from.</summary>
    public new string Source { get; }
}

/// <summary>A model uses an operator, attribute value or data type Quanta does not support.</summary>
public class UnsupportedException : QuantaException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedException(string message) : base(message) { }
}

/// <summary>An operator is not known at all (not just an unsupported variant).</summary>
public sealed class UnsupportedOperatorException : UnsupportedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="opType">The operator's type, e.g. <c>NonMaxSuppression</c>.</param>
    /// <param name="nodeName">The node that uses it.</param>
    public UnsupportedOperatorException(string opType, string nodeName)
        : base($"operator {opType} (node '{nodeName}') is not supported")
    {
        OpType = opType;
        NodeName = nodeName;
    }

    /// <summary>The unsupported operator type.</summary>
    public string OpType { get; }

    /// <summary>The node that uses it.</summary>
    public string NodeName { get; }
}

/// <summary>A graph is not well formed (the verifier's finding, or an op whose inputs contradict its schema).</summary>
public sealed class GraphValidationException : QuantaException
{
    /// <summary>Creates the exception.</summary>
    public GraphValidationException(string message) : base(message) { }
}

/// <summary>Inputs given to a session do not match the model: missing, unknown, wrong type or shape.</summary>
public sealed class InvalidInputException : QuantaException
{
    /// <summary>Creates the exception.</summary>
    public InvalidInputException(string message) : base(message) { }
}

/// <summary>Quantization parameters are missing or invalid for the tensor that carries them.</summary>
public sealed class QuantizationParameterException : QuantaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tensorName">The tensor whose parameters are wrong.</param>
    /// <param name="problem">What is wrong with them.</param>
    public QuantizationParameterException(string tensorName, string problem)
        : base($"tensor '{tensorName}': {problem}") => TensorName = tensorName;

    /// <summary>The tensor whose parameters are wrong.</summary>
    public string TensorName { get; }
}
