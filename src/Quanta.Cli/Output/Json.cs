using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quanta.Cli.Output;

/// <summary>The JSON every <c>--json</c> option prints: one indented object, camelCase names,
/// nulls omitted, non-finite floats as the strings "NaN", "Infinity", "-Infinity".</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes <paramref name="value"/> and a newline.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, s_options));
    }
}
