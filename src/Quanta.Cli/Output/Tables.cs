using System.Globalization;
using Quanta.Core;
using Spectre.Console;

namespace Quanta.Cli.Output;

/// <summary>Tables and number formats shared by the commands' human-readable output.</summary>
internal static class Tables
{
    /// <summary>A table with these column headers (plain text, never markup).</summary>
    public static Table Create(params string[] columns)
    {
        var table = new Table { Border = TableBorder.Rounded };
        foreach (string c in columns) table.AddColumn(new TableColumn(new Text(c)));
        return table;
    }

    /// <summary>Adds a row of plain-text cells (no markup parsing: names may contain '[').</summary>
    public static void AddTextRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)).ToArray());

    /// <summary>A shape as <c>[?,1,28,28]</c>, or <c>?</c> when even the rank is unknown.</summary>
    public static string Shape(Shape? shape) => shape?.ToString() ?? "?";

    /// <summary>Quantization parameters as <c>scale=… zp=…</c>, or "" when none.</summary>
    public static string Quant(QuantParams? quant) => quant?.ToString() ?? "";

    /// <summary>An integer with thousands separators: 1,234,567.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A byte count as <c>3,285,583 bytes (3.13 MiB)</c>.</summary>
    public static string Bytes(long n)
    {
        string[] units = ["KiB", "MiB", "GiB"];
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return u < 0 ? $"{Count(n)} bytes" : string.Create(CultureInfo.InvariantCulture, $"{Count(n)} bytes ({v:0.00} {units[u]})");
    }

    /// <summary>A number in the invariant culture with <paramref name="format"/>.</summary>
    public static string Number(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
