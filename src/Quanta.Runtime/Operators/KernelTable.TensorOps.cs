using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

public static partial class KernelTable
{
    static partial void AddTensorOps(KernelRegistry r)
    {
        const string Onnx = OpDomains.Onnx, Tflite = OpDomains.Tflite;
        var all = TensorOpTypes.All;
        var f32 = new[] { DataType.Float32 };

        // Data movement: one kernel over element size, registered for every type, so int64
        // shape arithmetic and quantized int8 tensors move through the same code as floats.
        void Move(string domain, string op, KernelFactory create, params DataType[] claimedByQuantized) =>
            r.Add(domain, op, all.Except(claimedByQuantized), Isa.Reference, $"{{type}}-{op.ToLowerInvariant()}-ref", create);

        foreach (var op in new[] { "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity" }) Move(Onnx, op, _ => new CopyKernel());
        Move(Onnx, "Dropout", ShapeOpBindings.Dropout);
        Move(Onnx, "Shape", ShapeOpBindings.Shape);
        Move(Onnx, "Size", ShapeOpBindings.Size);
        Move(Onnx, "Cast", _ => new CastKernel());
        Move(Onnx, "CastLike", _ => new CastKernel());
        Move(Onnx, "Transpose", DataMovementBindings.Transpose);
        Move(Onnx, "Slice", DataMovementBindings.Slice);
        Move(Onnx, "Expand", DataMovementBindings.Broadcast);
        Move(Onnx, "Tile", DataMovementBindings.Tile);
        Move(Onnx, "Pad", DataMovementBindings.Pad);
        Move(Onnx, "DepthToSpace", DataMovementBindings.DepthToSpace);
        Move(Onnx, "SpaceToDepth", DataMovementBindings.SpaceToDepth);
        Move(Onnx, "Concat", DataMovementBindings.Concat);
        Move(Onnx, "Split", DataMovementBindings.Split);
        Move(Onnx, "Gather", DataMovementBindings.Gather);
        Move(Onnx, "GatherElements", DataMovementBindings.GatherElements);
        r.Add(Onnx, "ConstantOfShape", TensorOpTypes.Indices, Isa.Reference, "{type}-constantofshape-ref", ShapeOpBindings.ConstantOfShape);
        r.Add(Onnx, "Range", [DataType.Float32, DataType.Int16, DataType.Int32, DataType.Int64], Isa.Reference, "{type}-range-ref", ShapeOpBindings.Range);

        // ONNX float math along axes.
        r.Add(Onnx, "Softmax", f32, Isa.Reference, "f32-softmax-ref", ReductionBindings.Softmax(SoftmaxKind.Softmax));
        r.Add(Onnx, "LogSoftmax", f32, Isa.Reference, "f32-logsoftmax-ref", ReductionBindings.Softmax(SoftmaxKind.LogSoftmax));
        r.Add(Onnx, "Hardmax", f32, Isa.Reference, "f32-hardmax-ref", ReductionBindings.Softmax(SoftmaxKind.Hardmax));
        r.Add(Onnx, "ReduceMean", f32, Isa.Reference, "f32-reducemean-ref", ReductionBindings.Reduce<MeanReducer>);
        r.Add(Onnx, "ReduceSum", f32, Isa.Reference, "f32-reducesum-ref", ReductionBindings.Reduce<SumReducer>);
        r.Add(Onnx, "ReduceMax", f32, Isa.Reference, "f32-reducemax-ref", ReductionBindings.Reduce<MaxReducer>);
        r.Add(Onnx, "ReduceMin", f32, Isa.Reference, "f32-reducemin-ref", ReductionBindings.Reduce<MinReducer>);
        r.Add(Onnx, "ReduceProd", f32, Isa.Reference, "f32-reduceprod-ref", ReductionBindings.Reduce<ProdReducer>);
        r.Add(Onnx, "ReduceL1", f32, Isa.Reference, "f32-reducel1-ref", ReductionBindings.Reduce<L1Reducer>);
        r.Add(Onnx, "ReduceL2", f32, Isa.Reference, "f32-reducel2-ref", ReductionBindings.Reduce<L2Reducer>);
        r.Add(Onnx, "ReduceSumSquare", f32, Isa.Reference, "f32-reducesumsquare-ref", ReductionBindings.Reduce<SumSquareReducer>);
        r.Add(Onnx, "ReduceLogSum", f32, Isa.Reference, "f32-reducelogsum-ref", ReductionBindings.Reduce<LogSumReducer>);
        r.Add(Onnx, "ReduceLogSumExp", f32, Isa.Reference, "f32-reducelogsumexp-ref", ReductionBindings.LogSumExp);
        r.Add(Onnx, "ArgMax", all, Isa.Reference, "{type}-argmax-ref", ReductionBindings.ArgMinMax(max: true));
        r.Add(Onnx, "TopK", [DataType.Float32, DataType.Int32, DataType.Int64], Isa.Reference, "{type}-topk-ref", ReductionBindings.TopK);
        r.Add(Onnx, "ArgMin", all, Isa.Reference, "{type}-argmin-ref", ReductionBindings.ArgMinMax(max: false));

        // TFLite data movement, every type (SPLIT is keyed by its int32 axis input, FILL by its dims).
        foreach (var op in new[] { "RESHAPE", "SQUEEZE", "EXPAND_DIMS" }) Move(Tflite, op, _ => new CopyKernel());
        Move(Tflite, "TRANSPOSE", TfliteDataMovementBindings.Transpose);
        // Quantized CONCATENATION and PAD (requantizing inputs, zero-point padding) are the
        // integer kernels' (KernelTable.Quantized); the other types move here.
        Move(Tflite, "CONCATENATION", TfliteDataMovementBindings.Concatenation, DataType.Int8, DataType.Int16);
        Move(Tflite, "SPLIT", TfliteDataMovementBindings.Split);
        Move(Tflite, "SPLIT_V", TfliteDataMovementBindings.SplitV);
        Move(Tflite, "PACK", TfliteDataMovementBindings.Pack);
        Move(Tflite, "UNPACK", TfliteDataMovementBindings.Unpack);
        Move(Tflite, "STRIDED_SLICE", TfliteDataMovementBindings.StridedSlice);
        Move(Tflite, "SLICE", TfliteDataMovementBindings.Slice);
        Move(Tflite, "GATHER", TfliteDataMovementBindings.Gather);
        foreach (var op in new[] { "PAD", "PADV2" }) Move(Tflite, op, TfliteDataMovementBindings.Pad, DataType.Int8, DataType.Int16, DataType.UInt8);
        Move(Tflite, "MIRROR_PAD", TfliteDataMovementBindings.Pad);
        Move(Tflite, "BROADCAST_TO", DataMovementBindings.Broadcast);
        Move(Tflite, "TILE", DataMovementBindings.Tile);
        Move(Tflite, "DEPTH_TO_SPACE", TfliteDataMovementBindings.DepthToSpace);
        Move(Tflite, "SPACE_TO_DEPTH", TfliteDataMovementBindings.SpaceToDepth);
        Move(Tflite, "SHAPE", TfliteDataMovementBindings.Shape);
        Move(Tflite, "CAST", _ => new CastKernel());
        Move(Tflite, "ZEROS_LIKE", TfliteDataMovementBindings.ZerosLike);
        Move(Tflite, "ARG_MAX", TfliteReductionBindings.ArgMinMax(max: true));
        Move(Tflite, "ARG_MIN", TfliteReductionBindings.ArgMinMax(max: false));
        r.Add(Tflite, "FILL", TensorOpTypes.Indices, Isa.Reference, "{type}-fill-ref", TfliteDataMovementBindings.Fill);

        // TFLite float math; the integer versions belong to the quantized kernels.
        r.Add(Tflite, "SOFTMAX", f32, Isa.Reference, "f32-softmax-tflite-ref", TfliteReductionBindings.Softmax);
        r.Add(Tflite, "LOG_SOFTMAX", f32, Isa.Reference, "f32-log_softmax-tflite-ref", TfliteReductionBindings.LogSoftmax);
        r.Add(Tflite, "MEAN", f32, Isa.Reference, "f32-mean-tflite-ref", TfliteReductionBindings.Reduce<MeanReducer>);
        r.Add(Tflite, "SUM", f32, Isa.Reference, "f32-sum-tflite-ref", TfliteReductionBindings.Reduce<SumReducer>);
        r.Add(Tflite, "REDUCE_PROD", f32, Isa.Reference, "f32-reduce_prod-tflite-ref", TfliteReductionBindings.Reduce<ProdReducer>);
        r.Add(Tflite, "REDUCE_MAX", f32, Isa.Reference, "f32-reduce_max-tflite-ref", TfliteReductionBindings.Reduce<MaxReducer>);
        r.Add(Tflite, "REDUCE_MIN", f32, Isa.Reference, "f32-reduce_min-tflite-ref", TfliteReductionBindings.Reduce<MinReducer>);
    }
}
