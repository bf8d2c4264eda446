using System.Globalization;
using Quanta.Core;

namespace Quanta.Tests.OnnxImport;

/// <summary>Compares outputs as ONNX's backend test runner does.</summary>
internal static class OnnxBackendComparer
{
    // onnx/backend/test/runner: np.testing.assert_allclose(expected, actual, rtol=1e-3, atol=1e-7).
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/>; otherwise what differs.</summary>
    public static string? Compare(string what, Tensor expected, Tensor actual)
    {
        if (expected.Type != actual.Type) return $"{what}: type {actual.Type}, expected {expected.Type}";
        if (expected.Shape != actual.Shape) return $"{what}: shape {actual.Shape}, expected {expected.Shape}";
        bool isFloat = expected.Type.IsFloat();
        int bad = 0;
        string? first = null;
        for (long i = 0; i < expected.ElementCount; i++)
        {
            bool ok;
            if (isFloat)
            {
                double e = expected.GetDouble(i), a = actual.GetDouble(i);
                // NaN matches NaN and an infinity matches itself, as assert_allclose treats them.
                ok = (double.IsNaN(e) && double.IsNaN(a)) || e == a || Math.Abs(a - e) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(e));
            }
            else
            {
                ok = expected.GetInt64(i) == actual.GetInt64(i);
            }
            if (ok) continue;
            bad++;
            first ??= string.Create(CultureInfo.InvariantCulture, $"[{i}] = {actual.GetDouble(i):R}, expected {expected.GetDouble(i):R}");
        }
        return bad == 0 ? null : $"{what}: {bad} of {expected.ElementCount} elements differ, first {first}";
    }
}
