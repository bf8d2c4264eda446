namespace Quanta.Kernels;

/// <summary>The error function erf x = 2/√π ∫₀ˣ e^(−t²) dt, which .NET's MathF lacks.</summary>
public static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>erf x for a float, correctly rounded in all but rare ties (computed in double).</summary>
    /// <remarks>
    /// For |x| &lt; 4 the Maclaurin series erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)) is summed in
    /// double: its largest term at |x| = 4 is about 10⁵, so cancellation costs at most ~10⁻¹¹ —
    /// far below float's resolution. For |x| ≥ 4, 1 − erf |x| &lt; 1.6·10⁻⁸, under half an ulp of
    /// 1f (2⁻²⁵ ≈ 3·10⁻⁸), so the float result is exactly ±1. erf(±∞) = ±1 and erf(NaN) = NaN.
    /// </remarks>
    public static float Erf(float x)
    {
        if (float.IsNaN(x) || x == 0f) return x; // keeps the sign of −0
        if (x >= 4f) return 1f;
        if (x <= -4f) return -1f;
        double z = x, z2 = z * z;
        double term = z, sum = z;
        for (int n = 1; n < 200; n++)
        {
            term *= -z2 / n;                  // (−1)ⁿ z^(2n+1) / n!
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
        }
        return (float)(TwoOverSqrtPi * sum);
    }
}
