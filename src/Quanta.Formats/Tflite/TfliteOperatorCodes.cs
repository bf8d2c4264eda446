using Quanta.Core;

namespace Quanta.Formats.Tflite;

/// <summary>An entry of the model's <c>operator_codes</c>, resolved to an IR op.</summary>
/// <param name="BuiltinCode">The builtin operator code.</param>
/// <param name="Domain"><see cref="OpDomains.Tflite"/>, or <see cref="TfliteImporter.CustomDomain"/> for custom ops.</param>
/// <param name="OpType">The schema's operator name (<c>CONV_2D</c>), or the custom code.</param>
/// <param name="Version">The operator version (<c>OperatorCode.version</c>).</param>
internal readonly record struct TfliteOpCode(int BuiltinCode, string Domain, string OpType, int Version);

/// <summary>
/// Resolves operator codes. Files written before schema 3a store the code only in the byte-sized
/// <c>deprecated_builtin_code</c>; newer writers also fill the int <c>builtin_code</c>, and codes
/// above 127 exist only there (with <c>deprecated_builtin_code</c> = 127,
/// PLACEHOLDER_FOR_GREATER_OP_CODES). Absent fields read as 0 (ADD), so the code is the larger of
/// the two — the rule of TFLite's own <c>GetBuiltinCode</c>.
/// </summary>
internal static class TfliteOperatorCodes
{
    /// <summary>Resolves every operator code of the model.</summary>
    /// <exception cref="ModelFormatException">A code is negative, a placeholder, or a custom op without a name.</exception>
    public static TfliteOpCode[] ReadAll(TfliteReadContext ctx)
    {
        int count = ctx.TableVectorLength(ctx.Root.OperatorCodesLength, "the operator code list");
        var codes = new TfliteOpCode[count];
        for (int i = 0; i < count; i++)
        {
            ctx.Location = $"operator code {i}";
            var code = ctx.Root.OperatorCodes(i) ?? throw ctx.Error($"{ctx.Location} is missing");
            codes[i] = Resolve(ctx, code, i);
        }
        return codes;
    }

    /// <summary>The builtin code of an operator code table: max(deprecated_builtin_code, builtin_code).</summary>
    public static int BuiltinCode(sbyte deprecatedBuiltinCode, tflite.BuiltinOperator builtinCode) =>
        Math.Max(deprecatedBuiltinCode, (int)builtinCode);

    private static TfliteOpCode Resolve(TfliteReadContext ctx, tflite.OperatorCode code, int index)
    {
        int builtin = BuiltinCode(code.DeprecatedBuiltinCode, code.BuiltinCode);
        if (builtin < 0)
            throw ctx.Error($"operator code {index} has the negative builtin code {builtin}");
        if (builtin == (int)tflite.BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES)
            throw ctx.Error($"operator code {index} says its code is above 127 (PLACEHOLDER_FOR_GREATER_OP_CODES) but builtin_code holds none");
        if (builtin == (int)tflite.BuiltinOperator.CUSTOM)
        {
            string custom = code.CustomCode ?? "";
            if (custom.Length == 0)
                throw ctx.Error($"operator code {index} is a custom operator without a custom_code");
            return new TfliteOpCode(builtin, TfliteImporter.CustomDomain, custom, code.Version);
        }
        return new TfliteOpCode(builtin, OpDomains.Tflite, OpName(builtin), code.Version);
    }

    /// <summary>
    /// The schema's name of a builtin code. A code newer than the schema Quanta was built with keeps
    /// a placeholder name, so that the model still imports and the runtime reports the op by number.
    /// </summary>
    public static string OpName(int builtinCode)
    {
        var op = (tflite.BuiltinOperator)builtinCode;
        return Enum.IsDefined(op) ? op.ToString() : $"BUILTIN_{builtinCode}";
    }
}
