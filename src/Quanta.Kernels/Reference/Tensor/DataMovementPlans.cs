using Quanta.Core;

namespace Quanta.Kernels;

/// <summary>
/// The <see cref="AxisMapCopy"/> of each data-movement op: which box of coordinates is walked and
/// which input offset each coordinate reads. Output layouts are dense row-major; where an op's
/// output index splits into two (a tiled or depth-to-space axis), the walk has one axis per part.
/// </summary>
public static class DataMovementPlans
{
    /// <summary>Output axis a is input axis perm[a].</summary>
    public static AxisMapCopy Transpose(int elementSize, int[] input, int[] perm)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(perm);
        var strides = AxisMapCopy.DenseStrides(input);
        var dims = perm.Select(p => input[p]).ToArray();
        var maps = perm.Select(p => AxisMapCopy.Affine(input[p], 0, 1, strides[p])).ToArray();
        return new AxisMapCopy(elementSize, dims, maps, AxisMapCopy.DenseStrides(dims));
    }

    /// <summary>Each axis walked from its start by its step (ONNX Slice, TFLite SLICE).</summary>
    public static AxisMapCopy Slice(int elementSize, int[] input, SliceAxis[] axes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(axes);
        var strides = AxisMapCopy.DenseStrides(input);
        var dims = axes.Select(a => a.Count).ToArray();
        var maps = axes.Select((a, i) => AxisMapCopy.Affine(a.Count, a.Start, a.Step, strides[i])).ToArray();
        return new AxisMapCopy(elementSize, dims, maps, AxisMapCopy.DenseStrides(dims));
    }

    /// <summary>TFLite's strided slice over its effective axes (new axes read offset 0; shrunk
    /// axes are walked once, and dropping them does not change the dense layout).</summary>
    public static AxisMapCopy StridedSlice(int elementSize, int[] input, StridedSliceAxis[] axes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(axes);
        var strides = AxisMapCopy.DenseStrides(input);
        var dims = axes.Select(a => a.Count).ToArray();
        var maps = axes.Select(a => a.InputAxis < 0 ? new long[a.Count] : AxisMapCopy.Affine(a.Count, a.Start, a.Stride, strides[a.InputAxis])).ToArray();
        return new AxisMapCopy(elementSize, dims, maps, AxisMapCopy.DenseStrides(dims));
    }

    /// <summary>Numpy broadcast of <paramref name="input"/> to <paramref name="output"/> (ranks
    /// right-aligned; size-1 and missing axes read offset 0) — Expand, BROADCAST_TO.</summary>
    public static AxisMapCopy Broadcast(int elementSize, int[] input, int[] output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var strides = AxisMapCopy.DenseStrides(input);
        int lead = output.Length - input.Length;
        var maps = new long[output.Length][];
        for (int a = 0; a < output.Length; a++)
        {
            int i = a - lead;
            maps[a] = i < 0 || input[i] == 1 ? new long[output[a]] : AxisMapCopy.Affine(output[a], 0, 1, strides[i]);
        }
        return new AxisMapCopy(elementSize, output, maps, AxisMapCopy.DenseStrides(output));
    }

    /// <summary>Tile: output axis a of size r·d is walked as (r, d), the repeat part reading offset 0.</summary>
    public static AxisMapCopy Tile(int elementSize, int[] input, long[] repeats)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(repeats);
        var strides = AxisMapCopy.DenseStrides(input);
        var dims = new int[2 * input.Length];
        var maps = new long[dims.Length][];
        for (int a = 0; a < input.Length; a++)
        {
            dims[2 * a] = checked((int)repeats[a]);
            dims[2 * a + 1] = input[a];
            maps[2 * a] = new long[dims[2 * a]];
            maps[2 * a + 1] = AxisMapCopy.Affine(input[a], 0, 1, strides[a]);
        }
        return new AxisMapCopy(elementSize, dims, maps, AxisMapCopy.DenseStrides(dims));
    }

    /// <summary>
    /// NCHW DepthToSpace, walked as <c>[N, C', H, b, W, b]</c>. DCR reads channel
    /// <c>(i·b + j)·C' + c</c>; CRD reads <c>c·b² + i·b + j</c>.
    /// </summary>
    public static AxisMapCopy DepthToSpaceNchw(int elementSize, int[] input, int block, bool crd)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input[0], c = input[1] / (block * block), h = input[2], w = input[3];
        long hw = (long)h * w;
        int[] dims = [n, c, h, block, w, block];
        long[][] maps =
        [
            AxisMapCopy.Affine(n, 0, 1, input[1] * hw),
            AxisMapCopy.Affine(c, 0, 1, crd ? block * block * hw : hw),
            AxisMapCopy.Affine(h, 0, 1, w),
            AxisMapCopy.Affine(block, 0, 1, crd ? block * hw : block * c * hw),
            AxisMapCopy.Affine(w, 0, 1, 1),
            AxisMapCopy.Affine(block, 0, 1, crd ? hw : c * hw),
        ];
        return new AxisMapCopy(elementSize, dims, maps, AxisMapCopy.DenseStrides(dims));
    }

    /// <summary>NCHW SpaceToDepth, walked as <c>[N, b, b, C, H/b, W/b]</c>: output channel
    /// <c>(i·b + j)·C + c</c> reads input <c>[c, h·b + i, w·b + j]</c>.</summary>
    public static AxisMapCopy SpaceToDepthNchw(int elementSize, int[] input, int block)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input[0], c = input[1], h = input[2] / block, w = input[3] / block;
        long width = input[3], plane = (long)input[2] * input[3];
        int[] dims = [n, block, block, c, h, w];
        long[][] maps =
        [
            AxisMapCopy.Affine(n, 0, 1, c * plane),
            AxisMapCopy.Affine(block, 0, 1, width),
            AxisMapCopy.Affine(block, 0, 1, 1),
            AxisMapCopy.Affine(c, 0, 1, plane),
            AxisMapCopy.Affine(h, 0, 1, block * width),
            AxisMapCopy.Affine(w, 0, 1, block),
        ];
        return new AxisMapCopy(elementSize, dims, maps, AxisMapCopy.DenseStrides(dims));
    }

    /// <summary>NHWC DEPTH_TO_SPACE, walked as <c>[N, H, b, W, b, C']</c>: reads depth <c>(i·b + j)·C' + c</c>.</summary>
    public static AxisMapCopy DepthToSpaceNhwc(int elementSize, int[] input, int block)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input[0], h = input[1], w = input[2], depth = input[3], c = depth / (block * block);
        int[] dims = [n, h, block, w, block, c];
        long[][] maps =
        [
            AxisMapCopy.Affine(n, 0, 1, (long)h * w * depth),
            AxisMapCopy.Affine(h, 0, 1, (long)w * depth),
            AxisMapCopy.Affine(block, 0, 1, (long)block * c),
            AxisMapCopy.Affine(w, 0, 1, depth),
            AxisMapCopy.Affine(block, 0, 1, c),
            AxisMapCopy.Affine(c, 0, 1, 1),
        ];
        return new AxisMapCopy(elementSize, dims, maps, AxisMapCopy.DenseStrides(dims));
    }

    /// <summary>NHWC SPACE_TO_DEPTH, walked as <c>[N, H/b, W/b, b, b, C]</c>: depth <c>(i·b + j)·C + c</c>
    /// reads input <c>[h·b + i, w·b + j, c]</c>.</summary>
    public static AxisMapCopy SpaceToDepthNhwc(int elementSize, int[] input, int block)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input[0], h = input[1] / block, w = input[2] / block, c = input[3];
        long row = (long)input[2] * c;
        int[] dims = [n, h, w, block, block, c];
        long[][] maps =
        [
            AxisMapCopy.Affine(n, 0, 1, input[1] * row),
            AxisMapCopy.Affine(h, 0, 1, block * row),
            AxisMapCopy.Affine(w, 0, 1, (long)block * c),
            AxisMapCopy.Affine(block, 0, 1, row),
            AxisMapCopy.Affine(block, 0, 1, c),
            AxisMapCopy.Affine(c, 0, 1, 1),
        ];
        return new AxisMapCopy(elementSize, dims, maps, AxisMapCopy.DenseStrides(dims));
    }
}
