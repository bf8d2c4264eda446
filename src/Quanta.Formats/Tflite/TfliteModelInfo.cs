using System.Globalization;
using System.Text;
using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>
/// Reads what the file says about itself: schema version (recorded as opset "tflite"),
/// description (the converter, e.g. "MLIR Converted."), the number of subgraphs, and the metadata
/// entries (e.g. <c>min_runtime_version</c>).
/// </summary>
internal static class TfliteModelInfo
{
    /// <summary>Metadata key holding the number of subgraphs in the file (only subgraph 0 is the graph).</summary>
    public const string SubgraphCountKey = "tflite.subgraph_count";

    /// <summary>The metadata entry the TFLite converter writes with the oldest runtime able to run the model.</summary>
    public const string MinRuntimeVersionKey = "min_runtime_version";

    /// <summary>Fills the model's opsets, producer, description and metadata.</summary>
    public static void Read(TfliteReadContext ctx, Model model, int subgraphCount)
    {
        ctx.Location = "the model header";
        model.Opsets[OpDomains.Tflite] = ctx.Root.Version;
        string description = ctx.Root.Description ?? "";
        model.Metadata[SubgraphCountKey] = subgraphCount.ToString(CultureInfo.InvariantCulture);

        int count = ctx.TableVectorLength(ctx.Root.MetadataLength, "the metadata list");
        for (int i = 0; i < count; i++)
        {
            ctx.Location = $"metadata entry {i}";
            var entry = ctx.Root.Metadata(i) ?? throw ctx.Error($"metadata entry {i} is missing");
            string name = entry.Name is { Length: > 0 } n ? n : $"metadata_{i}";
            var bytes = TfliteBufferReader.Read(ctx, entry.Buffer, $"metadata '{name}'");
            // Text entries (min_runtime_version) are kept; binary ones (CONVERSION_METADATA, a nested
            // flatbuffer) are only noted with their size.
            model.Metadata[name] = AsText(bytes) ?? $"<{bytes.Length} bytes>";
        }

        if (description.Length > 0) model.Description = description;
        string? runtime = model.Metadata.GetValueOrDefault(MinRuntimeVersionKey);
        model.Producer = (description.Length > 0, runtime is not null) switch
        {
            (true, true) => $"{description} (min runtime {runtime})",
            (true, false) => description,
            (false, true) => $"TFLite converter (min runtime {runtime})",
            _ => null,
        };
    }

    /// <summary>The bytes as text when they are printable ASCII (trailing NULs dropped), else null.</summary>
    private static string? AsText(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.Length;
        while (end > 0 && bytes[end - 1] == 0) end--;
        if (end == 0) return bytes.Length == 0 ? "" : null;
        foreach (byte b in bytes[..end])
        {
            if (b < 0x20 || b > 0x7E) return null;
        }
        return Encoding.ASCII.GetString(bytes[..end]);
    }
}
