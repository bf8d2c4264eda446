using Quanta.Runtime;
using Xunit;

namespace Quanta.Tests.Ptq;

/// <summary>The optimized S8S8 QLinearConv (packed NHWC kernels behind transposes) computes the same
/// bytes as the reference kernel on a quantized reference model (ordinary and depthwise convolutions).</summary>
[Collection(PtqCollection.Name)]
public sealed class PtqKernelTests(PtqModels models)
{
    [SkippableFact]
    public void OptimizedQLinearConvMatchesTheReferenceOnMobileNet()
    {
        var file = models.Bytes("fmnist_mobilenet_v1", PtqForm.Int8QOperator);
        var reference = models.RunQuanta(file, 8, new SessionOptions { MaxIsa = Isa.Reference });
        Assert.Contains(reference, v => v != 0);
        // The best instruction set this CPU has (AVX2 where present), and the portable Vector128 kernels.
        Assert.Equal(reference, models.RunQuanta(file, 8, new SessionOptions()));
        Assert.Equal(reference, models.RunQuanta(file, 8, new SessionOptions { MaxIsa = Isa.Vector128 }));
    }
}
