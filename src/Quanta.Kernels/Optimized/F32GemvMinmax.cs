using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>
/// The fp32 matrix-vector microkernel with a min/max epilogue (one row of A against the packed
/// panels of <see cref="F32GemmPacking"/>): <c>y[n] = clamp(bias[n] + Σ_k a[k]·W[k, n], min, max)</c>.
/// A single row has no second row to hide the multiply-add latency behind, so four partial sums
/// per column (k mod 4) run in parallel and are added at the end: ((s0 + s1) + (s2 + s3)) + bias.
/// </summary>
/// <typeparam name="TVector">The vector type.</typeparam>
public static unsafe class F32GemvMinmax<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <summary>Computes <paramref name="nc"/> outputs from one row of <paramref name="kc"/> inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int nc, int kc, float* a, float* w, float* y, float min, float max)
    {
        int lanes = TVector.Count, nr = 2 * lanes;
        var vmin = TVector.Splat(min);
        var vmax = TVector.Splat(max);
        var zero = TVector.Splat(0f);
        while (nc > 0)
        {
            var bias0 = TVector.Load(w);
            var bias1 = TVector.Load(w + lanes);
            w += nr;
            TVector s00 = zero, s01 = zero, s10 = zero, s11 = zero, s20 = zero, s21 = zero, s30 = zero, s31 = zero;
            nint k = 0;
            for (; k + 4 <= kc; k += 4)
            {
                var v = TVector.LoadSplat(a + k);
                s00 = TVector.MultiplyAdd(v, TVector.Load(w), s00);
                s01 = TVector.MultiplyAdd(v, TVector.Load(w + lanes), s01);
                v = TVector.LoadSplat(a + k + 1);
                s10 = TVector.MultiplyAdd(v, TVector.Load(w + nr), s10);
                s11 = TVector.MultiplyAdd(v, TVector.Load(w + nr + lanes), s11);
                v = TVector.LoadSplat(a + k + 2);
                s20 = TVector.MultiplyAdd(v, TVector.Load(w + 2 * nr), s20);
                s21 = TVector.MultiplyAdd(v, TVector.Load(w + 2 * nr + lanes), s21);
                v = TVector.LoadSplat(a + k + 3);
                s30 = TVector.MultiplyAdd(v, TVector.Load(w + 3 * nr), s30);
                s31 = TVector.MultiplyAdd(v, TVector.Load(w + 3 * nr + lanes), s31);
                w += 4 * nr;
            }
            for (; k < kc; k++)
            {
                var v = TVector.LoadSplat(a + k);
                s00 = TVector.MultiplyAdd(v, TVector.Load(w), s00);
                s01 = TVector.MultiplyAdd(v, TVector.Load(w + lanes), s01);
                w += nr;
            }
            var r0 = TVector.Add(TVector.Add(TVector.Add(s00, s10), TVector.Add(s20, s30)), bias0);
            var r1 = TVector.Add(TVector.Add(TVector.Add(s01, s11), TVector.Add(s21, s31)), bias1);
            if (nc >= nr)
            {
                F32Tile.Store2(y, r0, r1, vmin, vmax);
                y += nr;
                nc -= nr;
            }
            else
            {
                F32Tile.StorePartial(y, nc, r0, r1, vmin, vmax);
                nc = 0;
            }
        }
    }
}
