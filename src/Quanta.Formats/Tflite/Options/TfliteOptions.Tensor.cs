namespace Quanta.Formats.Tflite.Options;

// Data-movement, shape and reduction options (schema.fbs: ConcatenationOptions, ReshapeOptions,
// ReducerOptions, StridedSliceOptions, SqueezeOptions, SplitOptions, SplitVOptions, GatherOptions,
// ResizeBilinearOptions, ResizeNearestNeighborOptions, ArgMaxOptions, ArgMinOptions, PackOptions,
// UnpackOptions, ShapeOptions, SpaceToDepthOptions, DepthToSpaceOptions).
internal static partial class TfliteOptions
{
    private static void Concatenation(tflite.ConcatenationOptions o, TfliteAttributeWriter w)
    {
        w.Int("axis", o.Axis);
        w.Enum("fused_activation_function", o.FusedActivationFunction);
    }

    // Used by TFLite only when the op has no shape input (or it is not a 1-D constant).
    private static void Reshape(tflite.ReshapeOptions o, TfliteAttributeWriter w) =>
        w.Ints("new_shape", o.GetNewShapeBytes(), o.NewShapeLength);

    private static void Reducer(tflite.ReducerOptions o, TfliteAttributeWriter w) => w.Bool("keep_dims", o.KeepDims);

    private static void StridedSlice(tflite.StridedSliceOptions o, TfliteAttributeWriter w)
    {
        w.Int("begin_mask", o.BeginMask);
        w.Int("end_mask", o.EndMask);
        w.Int("ellipsis_mask", o.EllipsisMask);
        w.Int("new_axis_mask", o.NewAxisMask);
        w.Int("shrink_axis_mask", o.ShrinkAxisMask);
        // When true, `end` holds sizes counted from `begin` rather than end indices.
        w.Bool("offset", o.Offset);
    }

    private static void Squeeze(tflite.SqueezeOptions o, TfliteAttributeWriter w) =>
        w.Ints("squeeze_dims", o.GetSqueezeDimsBytes(), o.SqueezeDimsLength);

    private static void Split(tflite.SplitOptions o, TfliteAttributeWriter w) => w.Int("num_splits", o.NumSplits);

    private static void SplitV(tflite.SplitVOptions o, TfliteAttributeWriter w) => w.Int("num_splits", o.NumSplits);

    private static void Gather(tflite.GatherOptions o, TfliteAttributeWriter w)
    {
        w.Int("axis", o.Axis);
        w.Int("batch_dims", o.BatchDims);
    }

    // new_height/new_width are deprecated (the size is the second input) and not written.
    private static void ResizeBilinear(tflite.ResizeBilinearOptions o, TfliteAttributeWriter w)
    {
        w.Bool("align_corners", o.AlignCorners);
        w.Bool("half_pixel_centers", o.HalfPixelCenters);
    }

    private static void ResizeNearestNeighbor(tflite.ResizeNearestNeighborOptions o, TfliteAttributeWriter w)
    {
        w.Bool("align_corners", o.AlignCorners);
        w.Bool("half_pixel_centers", o.HalfPixelCenters);
    }

    private static void ArgMax(tflite.ArgMaxOptions o, TfliteAttributeWriter w) => w.Enum("output_type", o.OutputType);

    private static void ArgMin(tflite.ArgMinOptions o, TfliteAttributeWriter w) => w.Enum("output_type", o.OutputType);

    private static void Pack(tflite.PackOptions o, TfliteAttributeWriter w)
    {
        w.Int("values_count", o.ValuesCount);
        w.Int("axis", o.Axis);
    }

    private static void Unpack(tflite.UnpackOptions o, TfliteAttributeWriter w)
    {
        w.Int("num", o.Num);
        w.Int("axis", o.Axis);
    }

    private static void ShapeOp(tflite.ShapeOptions o, TfliteAttributeWriter w) => w.Enum("out_type", o.OutType);

    private static void SpaceToDepth(tflite.SpaceToDepthOptions o, TfliteAttributeWriter w) => w.Int("block_size", o.BlockSize);

    private static void DepthToSpace(tflite.DepthToSpaceOptions o, TfliteAttributeWriter w) => w.Int("block_size", o.BlockSize);
}
