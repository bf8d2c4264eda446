namespace Quanta.Kernels;

/// <summary>
/// XNNPACK's indirection buffer for NHWC window ops: per tile of <c>rows</c> output pixels and per
/// tap, one pointer per pixel to its input pixel's channels, or to a padding row. Built when a
/// kernel first runs on an input address and rebuilt only when the address changes (the plan's
/// arena is pinned, so that happens once). Layout: <c>[tile][tap][row]</c>; rows past the last
/// pixel repeat the last pixel's pointers (tile kernels alias those rows).
/// </summary>
public sealed unsafe class IndirectionBuffer
{
    private readonly Conv2DGeometry _geometry;
    private readonly nint[] _pointers;
    private readonly AlignedFloats _padding;
    private float* _base;

    /// <summary>Creates the buffer (allocated now, filled on first use).</summary>
    /// <param name="geometry">The op's geometry.</param>
    /// <param name="rows">Output pixels per tile (the microkernel's MR; 1 for pixel-wise kernels).</param>
    /// <param name="paddingValue">What padding taps read: 0 for convolution and average, −∞ for max.</param>
    /// <param name="paddingLength">Floats in the padding row (at least what one tap reads).</param>
    public IndirectionBuffer(Conv2DGeometry geometry, int rows, float paddingValue, int paddingLength)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _geometry = geometry;
        Rows = rows;
        Tiles = (geometry.OutputPixels + rows - 1) / rows;
        _pointers = GC.AllocateArray<nint>(checked(Tiles * geometry.Taps * rows), pinned: true);
        _padding = new AlignedFloats(paddingLength);
        _padding.Span.Fill(paddingValue);
    }

    /// <summary>Output pixels per tile.</summary>
    public int Rows { get; }

    /// <summary>Tiles covering every output pixel.</summary>
    public int Tiles { get; }

    /// <summary>The pointers for input <paramref name="input"/>, rebuilt if the input moved.</summary>
    public float** For(float* input)
    {
        fixed (nint* p = _pointers)
        {
            if (input != _base) Fill(input, p);
            return (float**)p;
        }
    }

    private void Fill(float* input, nint* p)
    {
        int taps = _geometry.Taps, pixels = _geometry.OutputPixels;
        float* padding = _padding.Pointer;
        {
            for (int tile = 0; tile < Tiles; tile++)
            {
                for (int r = 0; r < Rows; r++)
                {
                    int m = Math.Min(tile * Rows + r, pixels - 1);
                    for (int t = 0; t < taps; t++)
                    {
                        long offset = _geometry.InputOffset(m, t);
                        p[(tile * taps + t) * Rows + r] = offset < 0 ? (nint)padding : (nint)(input + offset);
                    }
                }
            }
        }
        _base = input;
    }
}
