namespace Quanta.Core;

/// <summary>The file format a model was read from or will be written to.</summary>
public enum ModelFormat
{
    /// <summary>Built in memory.</summary>
    None,
    /// <summary>ONNX protobuf.</summary>
    Onnx,
    /// <summary>TensorFlow Lite flatbuffer.</summary>
    Tflite,
}

/// <summary>A graph plus what the file around it said: format, opsets, producer, size.</summary>
public sealed class Model
{
    /// <summary>Creates a model around a graph.</summary>
    public Model(Graph graph, ModelFormat format = ModelFormat.None)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        Format = format;
    }

    /// <summary>The main graph.</summary>
    public Graph Graph { get; }

    /// <summary>The format the model came from.</summary>
    public ModelFormat Format { get; }

    /// <summary>Operator-set versions by domain ("" is ai.onnx); TFLite models record their schema version under "tflite".</summary>
    public Dictionary<string, long> Opsets { get; } = new(StringComparer.Ordinal);

    /// <summary>The default-domain opset, or 0 when none is recorded.</summary>
    public long Opset => Opsets.GetValueOrDefault("");

    /// <summary>The file format's own version, when the file says: the ONNX IR version, or the
    /// TFLite schema version; 0 when unknown.</summary>
    public long FormatVersion { get; set; }

    /// <summary>The program that wrote the model, when the file says.</summary>
    public string? Producer { get; set; }

    /// <summary>Free-form description from the file.</summary>
    public string? Description { get; set; }

    /// <summary>Metadata entries from the file.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the model was read from (a path or "&lt;stream&gt;"), or null.</summary>
    public string? SourcePath { get; set; }

    /// <summary>Size of the file(s) the model was read from, in bytes (0 when built in memory).</summary>
    public long SourceBytes { get; set; }
}
