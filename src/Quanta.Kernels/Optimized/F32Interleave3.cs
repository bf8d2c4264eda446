using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels;

/// <summary>
/// The transpose of three rows into three columns, [3, P] → [P, 3]: an RGB image from NCHW planes
/// to NHWC pixels, the one transpose at the input of an NCHW model. The 8×8 blocks of
/// <see cref="X32Transpose"/> fill only three of their rows here; on AVX-512 this interleaves 16
/// pixels at a time with two two-source permutes per output vector (vpermt2ps), elsewhere one
/// pixel at a time. The elements are moved bit for bit.
/// </summary>
public static unsafe class F32Interleave3
{
    /// <summary>True when the vector path runs on this CPU.</summary>
    public static bool IsVectorized => Avx512F.IsSupported;

    /// <summary>Interleaves <paramref name="batch"/> groups of three planes of <paramref name="pixels"/> floats.</summary>
    /// <param name="batch">Images.</param>
    /// <param name="pixels">Floats per plane (H·W).</param>
    /// <param name="x">[batch, 3, pixels].</param>
    /// <param name="y">[batch, pixels, 3].</param>
    public static void Run(int batch, int pixels, ReadOnlySpan<float> x, Span<float> y)
    {
        long count = 3L * batch * pixels;
        if (x.Length < count || y.Length < count) throw new ArgumentException($"{x.Length} / {y.Length} elements for {batch} × 3 × {pixels}");
        fixed (float* xp = x, yp = y)
        {
            for (int n = 0; n < batch; n++) Image(pixels, xp + 3L * n * pixels, yp + 3L * n * pixels);
        }
    }

    private static void Image(int pixels, float* x, float* y)
    {
        float* r = x, g = x + pixels, b = x + 2L * pixels;
        int p = 0;
        if (Avx512F.IsSupported)
        {
            // Output lane j of vector v holds pixel (16v + j) / 3, channel (16v + j) % 3: the first
            // permute takes red and green from the two planes, the second puts blue in between.
            Vector512<int> rg0 = RedGreen(0), rg1 = RedGreen(1), rg2 = RedGreen(2);
            Vector512<int> b0 = Blue(0), b1 = Blue(1), b2 = Blue(2);
            for (; p + 16 <= pixels; p += 16)
            {
                var vr = Avx512F.LoadVector512(r + p);
                var vg = Avx512F.LoadVector512(g + p);
                var vb = Avx512F.LoadVector512(b + p);
                float* o = y + 3L * p;
                Avx512F.Store(o, Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(vr, rg0, vg), b0, vb));
                Avx512F.Store(o + 16, Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(vr, rg1, vg), b1, vb));
                Avx512F.Store(o + 32, Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(vr, rg2, vg), b2, vb));
            }
        }
        for (; p < pixels; p++)
        {
            y[3L * p] = r[p];
            y[3L * p + 1] = g[p];
            y[3L * p + 2] = b[p];
        }
    }

    /// <summary>Indices of output vector <paramref name="v"/>'s red (first source) and green (second source) lanes.</summary>
    private static Vector512<int> RedGreen(int v)
    {
        var lanes = stackalloc int[16];
        for (int j = 0; j < 16; j++)
        {
            int pixel = (16 * v + j) / 3, channel = (16 * v + j) % 3;
            lanes[j] = channel == 0 ? pixel : channel == 1 ? 16 + pixel : 0;
        }
        return Vector512.Load(lanes);
    }

    /// <summary>Indices that keep the red and green lanes and take blue from the second source.</summary>
    private static Vector512<int> Blue(int v)
    {
        var lanes = stackalloc int[16];
        for (int j = 0; j < 16; j++)
        {
            int pixel = (16 * v + j) / 3, channel = (16 * v + j) % 3;
            lanes[j] = channel == 2 ? 16 + pixel : j;
        }
        return Vector512.Load(lanes);
    }
}
