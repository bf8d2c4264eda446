namespace Quanta.Core;

public static partial class OpSchemas
{
    static partial void AddTensorOps(List<IOpSchema> list)
    {
        // ONNX: shapes and data movement.
        list.Add(new ReshapeSchema());
        list.Add(new FlattenSchema());
        list.Add(new SqueezeSchema());
        list.Add(new UnsqueezeSchema());
        list.Add(new TransposeSchema());
        list.Add(new ConcatSchema());
        list.Add(new SplitSchema());
        list.Add(new SliceSchema());
        list.Add(new GatherSchema());
        list.Add(new GatherElementsSchema());
        list.Add(new ShapeSchema());
        list.Add(new SizeSchema());
        list.Add(new IdentitySchema());
        list.Add(new DropoutSchema());
        list.Add(new CastSchema());
        list.Add(new CastLikeSchema());
        list.Add(new ConstantOfShapeSchema());
        list.Add(new ExpandSchema());
        list.Add(new TileSchema());
        list.Add(new RangeSchema());
        list.Add(new PadSchema());
        list.Add(new DepthToSpaceSchema());
        list.Add(new SpaceToDepthSchema());

        // ONNX: normalization along an axis, reductions.
        foreach (var op in new[] { "Softmax", "LogSoftmax", "Hardmax" }) list.Add(new SoftmaxSchema(op));
        foreach (var op in new[] { "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp" })
            list.Add(new ReduceSchema(op));
        list.Add(new ArgMinMaxSchema("ArgMax"));
        list.Add(new ArgMinMaxSchema("ArgMin"));
        list.Add(new TopKSchema());

        // TFLite.
        list.Add(new TfliteReshapeSchema());
        list.Add(new TfliteSqueezeSchema());
        list.Add(new TfliteExpandDimsSchema());
        list.Add(new TfliteTransposeSchema());
        list.Add(new TfliteConcatenationSchema());
        list.Add(new TfliteSplitSchema());
        list.Add(new TfliteSplitVSchema());
        list.Add(new TflitePackSchema());
        list.Add(new TfliteUnpackSchema());
        list.Add(new TfliteStridedSliceSchema());
        list.Add(new TfliteSliceSchema());
        list.Add(new TfliteGatherSchema());
        foreach (var op in new[] { "PAD", "PADV2", "MIRROR_PAD" }) list.Add(new TflitePadSchema(op));
        list.Add(new TfliteBroadcastToSchema());
        list.Add(new TileSchema(OpDomains.Tflite, "TILE"));
        list.Add(new TfliteFillSchema());
        list.Add(new TfliteZerosLikeSchema());
        list.Add(new TfliteDepthToSpaceSchema());
        list.Add(new TfliteSpaceToDepthSchema());
        list.Add(new TfliteShapeSchema());
        list.Add(new TfliteCastSchema());
        list.Add(new TfliteSoftmaxSchema("SOFTMAX"));
        list.Add(new TfliteSoftmaxSchema("LOG_SOFTMAX"));
        foreach (var op in new[] { "MEAN", "SUM", "REDUCE_PROD", "REDUCE_MAX", "REDUCE_MIN" }) list.Add(new TfliteReduceSchema(op));
        list.Add(new TfliteArgMinMaxSchema("ARG_MAX"));
        list.Add(new TfliteArgMinMaxSchema("ARG_MIN"));
    }
}
