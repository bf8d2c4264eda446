using Quanta.Core;
using Quanta.Kernels.Optimized;

namespace Quanta.Runtime;

public static partial class KernelTable
{
    // Optimized int8 kernels for the tflite domain (bit-exact with the integer reference kernels of
    // KernelTable.Quantized.cs, which remain the Isa.Reference entries). Each op has an AVX2 entry and
    // a Vector128 entry; the plan compiler takes the best one the CPU and SessionOptions.MaxIsa allow.
    // Kernels written once over vector widths: one entry per width, so the name says what runs.
    private static readonly (Isa Isa, int Bits, string Suffix)[] s_vectorWidths =
        [(Isa.Avx512, 512, "avx512"), (Isa.Avx2, 256, "avx2"), (Isa.Vector128, 128, "v128")];

    static partial void AddOptimizedInt8(KernelRegistry r)
    {
        const string tfl = OpDomains.Tflite;
        // AVX-512 sessions also need AVX-512BW (vpmaddwd on zmm); every CPU with AVX-512 VL and fast
        // 512-bit vectors has it, but a session on one without falls back to the AVX2 kernel.
        r.Add(new KernelEntry(tfl, "CONV_2D", DataType.Int8, Isa.Avx512, "qs8-conv2d-gemm8x16c2-avx512",
            c => QS8GemmMinmax8x16c2Avx512.IsSupported ? Conv2DOptimizedKernel<QS8GemmMinmax8x16c2Avx512>.Create(c) : Conv2DOptimizedKernel<QS8GemmMinmax4x16c2Avx2>.Create(c)));
        r.Add(new KernelEntry(tfl, "FULLY_CONNECTED", DataType.Int8, Isa.Avx512, "qs8-fc-gemm8x16c2-avx512",
            c => QS8GemmMinmax8x16c2Avx512.IsSupported ? FullyConnectedOptimizedKernel<QS8GemmMinmax8x16c2Avx512>.Create(c) : FullyConnectedOptimizedKernel<QS8GemmMinmax4x16c2Avx2>.Create(c)));
        r.Add(new KernelEntry(tfl, "CONV_2D", DataType.Int8, Isa.Avx2, "qs8-conv2d-gemm4x16c2-avx2",
            Conv2DOptimizedKernel<QS8GemmMinmax4x16c2Avx2>.Create));
        r.Add(new KernelEntry(tfl, "CONV_2D", DataType.Int8, Isa.Vector128, "qs8-conv2d-gemm2x16c2-v128",
            Conv2DOptimizedKernel<QS8GemmMinmax2x16c2Vector128>.Create));
        r.Add(new KernelEntry(tfl, "FULLY_CONNECTED", DataType.Int8, Isa.Avx2, "qs8-fc-gemm4x16c2-avx2",
            FullyConnectedOptimizedKernel<QS8GemmMinmax4x16c2Avx2>.Create));
        r.Add(new KernelEntry(tfl, "FULLY_CONNECTED", DataType.Int8, Isa.Vector128, "qs8-fc-gemm2x16c2-v128",
            FullyConnectedOptimizedKernel<QS8GemmMinmax2x16c2Vector128>.Create));
        r.Add(new KernelEntry(tfl, "DEPTHWISE_CONV_2D", DataType.Int8, Isa.Avx2, "qs8-dwconv2d-32c-avx2",
            DepthwiseConv2DOptimizedKernel<QS8DwconvMinmax32cAvx2>.Create));
        r.Add(new KernelEntry(tfl, "DEPTHWISE_CONV_2D", DataType.Int8, Isa.Vector128, "qs8-dwconv2d-16c-v128",
            DepthwiseConv2DOptimizedKernel<QS8DwconvMinmax16cVector128>.Create));
        foreach (var (isa, suffix, avx2) in new[] { (Isa.Avx2, "avx2", true), (Isa.Vector128, "v128", false) })
        {
            r.Add(new KernelEntry(tfl, "MAX_POOL_2D", DataType.Int8, isa, $"qs8-maxpool2d-{suffix}", c => PoolingOptimizedKernel.Create(c, average: false, avx2)));
            r.Add(new KernelEntry(tfl, "AVERAGE_POOL_2D", DataType.Int8, isa, $"qs8-avgpool2d-{suffix}", c => PoolingOptimizedKernel.Create(c, average: true, avx2)));
            r.Add(new KernelEntry(tfl, "MEAN", DataType.Int8, isa, $"qs8-gavgpool-{suffix}", c => MeanOptimizedKernel.Create(c, avx2)));
        }
        // ONNX's QLinearAdd keeps its float arithmetic (Vector128 only: it is memory-bound).
        foreach (var (isa, bits, suffix) in s_vectorWidths)
        {
            r.Add(new KernelEntry(OpDomains.Microsoft, "QLinearAdd", DataType.Int8, isa, $"qs8-qlinearadd-fp32-{suffix}", c => QLinearAddOptimizedKernel.Create(c, bits)));
            r.Add(new KernelEntry(OpDomains.Onnx, "QuantizeLinear", DataType.Float32, isa, $"qs8-quantizelinear-{suffix}", c => QuantizeLinearOptimizedKernel.Create(c, bits)));
        }
        r.Add(new KernelEntry(OpDomains.Microsoft, "QLinearAveragePool", DataType.Int8, Isa.Vector128, "qs8-qlinearavgpool-nhwc-v128", c => QLinearPoolOptimizedKernel.Create(c, global: false)));
        r.Add(new KernelEntry(OpDomains.Microsoft, "QLinearGlobalAveragePool", DataType.Int8, Isa.Vector128, "qs8-qlineargavgpool-nhwc-v128", c => QLinearPoolOptimizedKernel.Create(c, global: true)));
        // QLinearConcat's requantizing copies as 64-byte table lookups (AVX-512 VBMI; without it the
        // binding keeps the reference kernel).
        r.Add(new KernelEntry(OpDomains.Microsoft, "QLinearConcat", DataType.Int8, Isa.Avx512, "qs8-qlinearconcat-lut-avx512vbmi", QLinearConcatOptimizedKernel.Create));
        r.Add(new KernelEntry(OpDomains.Microsoft, "QLinearConcat", DataType.UInt8, Isa.Avx512, "qu8-qlinearconcat-lut-avx512vbmi", QLinearConcatOptimizedKernel.Create));
        // Data movement: not instruction-set specific, so one entry serves Vector128 and AVX2 sessions.
        r.Add(new KernelEntry(tfl, "PAD", DataType.Int8, Isa.Vector128, "x8-pad", PadOptimizedKernel.Create));
        r.Add(new KernelEntry(tfl, "PADV2", DataType.Int8, Isa.Vector128, "x8-padv2", PadOptimizedKernel.Create));
        foreach (var (op, subtract) in new[] { ("ADD", false), ("SUB", true) })
        {
            string name = op.ToLowerInvariant();
            r.Add(new KernelEntry(tfl, op, DataType.Int8, Isa.Avx2, $"qs8-v{name}-avx2", c => AddSubOptimizedKernel.Create(c, subtract, useAvx2: true)));
            r.Add(new KernelEntry(tfl, op, DataType.Int8, Isa.Vector128, $"qs8-v{name}-v128", c => AddSubOptimizedKernel.Create(c, subtract, useAvx2: false)));
        }
    }
}
