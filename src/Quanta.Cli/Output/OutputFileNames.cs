using System.Globalization;
using System.Text;

namespace Quanta.Cli.Output;

/// <summary>File names for model outputs.</summary>
internal static class OutputFileNames
{
    /// <summary>
    /// <c>&lt;index&gt;_&lt;name&gt;</c> with every character of the name other than an ASCII
    /// letter, an ASCII digit, '.', '-' or '_' replaced by '_' (TFLite names such as
    /// <c>MobilenetV1/Predictions/Reshape_1;StatefulPartitionedCall:0</c> hold '/', ';' and ':').
    /// The index keeps names distinct even when two sanitized names coincide.
    /// </summary>
    public static string BaseName(int index, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 4);
        sb.Append(index.ToString(CultureInfo.InvariantCulture)).Append('_');
        foreach (char c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return sb.ToString();
    }
}
