namespace Quanta.Kernels;

/// <summary>
/// The float reference resize over any rank: each output element is the weighted sum, over the
/// lower/upper element of every axis (<see cref="ResizeAxisMap"/>), of the input elements at those
/// corners — multilinear for linear maps, a copy for nearest maps.
/// </summary>
public static class ResizeReference
{
    /// <summary>Runs the resize.</summary>
    /// <param name="input">Input elements.</param>
    /// <param name="inputStrides">Input stride per axis.</param>
    /// <param name="maps">One map per axis.</param>
    /// <param name="extrapolation">Output where some axis maps outside the input.</param>
    /// <param name="output">Output elements, row-major over the maps' output sizes.</param>
    /// <param name="coordinates">Scratch of one int per axis (the current output coordinate).</param>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputStrides, ResizeAxisMap[] maps, float extrapolation, Span<float> output, Span<int> coordinates)
    {
        ArgumentNullException.ThrowIfNull(maps);
        int rank = maps.Length;
        coordinates.Clear();
        for (int e = 0; e < output.Length; e++)
        {
            output[e] = IsOutside(maps, coordinates) ? extrapolation : Interpolate(input, inputStrides, maps, coordinates);
            for (int a = rank - 1; a >= 0; a--)
            {
                if (++coordinates[a] < maps[a].OutputSize) break;
                coordinates[a] = 0;
            }
        }
    }

    private static bool IsOutside(ResizeAxisMap[] maps, ReadOnlySpan<int> coordinates)
    {
        for (int a = 0; a < maps.Length; a++)
        {
            if (maps[a].Outside[coordinates[a]]) return true;
        }
        return false;
    }

    // Corner bit a set = the upper element along axis a; corners whose upper weight is 0 are skipped.
    private static float Interpolate(ReadOnlySpan<float> input, ReadOnlySpan<int> strides, ResizeAxisMap[] maps, ReadOnlySpan<int> coordinates)
    {
        float sum = 0f;
        for (int corner = 0; corner < 1 << maps.Length; corner++)
        {
            float weight = 1f;
            int offset = 0;
            bool used = true;
            for (int a = 0; a < maps.Length && used; a++)
            {
                var map = maps[a];
                int o = coordinates[a];
                if ((corner >> a & 1) == 0)
                {
                    weight *= map.LowerWeight[o];
                    offset += map.Lower[o] * strides[a];
                }
                else
                {
                    used = map.UpperWeight[o] != 0f;
                    weight *= map.UpperWeight[o];
                    offset += map.Upper[o] * strides[a];
                }
            }
            if (used) sum += weight * input[offset];
        }
        return sum;
    }
}
