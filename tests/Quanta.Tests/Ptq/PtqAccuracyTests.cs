using Xunit;
using Xunit.Abstractions;

namespace Quanta.Tests.Ptq;

/// <summary>
/// Issue 4's accuracy and size thresholds on the three reference models, on the first 2,000
/// Fashion-MNIST test images (the full set is in docs/ptq-results.md): int8 within 0.5 points of
/// the float model and losing at most 0.1 point more than PyTorch's PTQ lost on the same model;
/// dynamic and float16 within 0.2 points; int8 and dynamic files at most 0.27× the float file,
/// float16 at most 0.52×. A point is 0.01 of top-1.
/// </summary>
[Collection(PtqCollection.Name)]
public sealed class PtqAccuracyTests(PtqModels models, ITestOutputHelper output)
{
    private const double Point = 0.01;

    private double FloatTop1(string name) => models.Top1(models.QuantaOutputs(name, PtqForm.Float));

    [SkippableTheory]
    [MemberData(nameof(PtqModels.Names), MemberType = typeof(PtqModels))]
    public void Int8IsWithinHalfAPointOfFloatAndNoWorseThanPyTorchPtq(string name)
    {
        double flt = FloatTop1(name);
        var torch = PtqModels.PyTorch(name);
        // PyTorch's figures are on all 10,000 images: compare losses, each against its own float top-1.
        double torchLoss = torch.FloatTop1 - torch.PtqTop1;
        var qdq = models.QuantaOutputs(name, PtqForm.Int8Qdq);
        double top1 = models.Top1(qdq);
        output.WriteLine($"{name} int8: {top1:F4} (float {flt:F4}, PyTorch loss {torchLoss:F4})");
        Assert.True(top1 >= flt - 0.5 * Point, $"int8 top-1 {top1:F4} is more than 0.5 point below float {flt:F4}");
        Assert.True(flt - top1 <= torchLoss + 0.1 * Point + 1e-9, $"int8 loses {flt - top1:F4}, more than PyTorch PTQ's {torchLoss:F4} + 0.1 point");

        // The QOperator file holds the integer ops Quanta fuses the QDQ file into: the same outputs.
        var qop = models.QuantaOutputs(name, PtqForm.Int8QOperator);
        Assert.Equal(qdq.AsSpan(0, qop.Length).ToArray(), qop);
    }

    [SkippableTheory]
    [MemberData(nameof(PtqModels.Names), MemberType = typeof(PtqModels))]
    public void DynamicAndFloat16AreWithinAFifthOfAPointOfFloat(string name)
    {
        double flt = FloatTop1(name);
        foreach (var form in new[] { PtqForm.Dynamic, PtqForm.Float16 })
        {
            double top1 = models.Top1(models.QuantaOutputs(name, form));
            output.WriteLine($"{name} {form}: {top1:F4} (float {flt:F4})");
            Assert.True(Math.Abs(top1 - flt) <= 0.2 * Point + 1e-9, $"{form} top-1 {top1:F4} is more than 0.2 point from float {flt:F4}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PtqModels.Names), MemberType = typeof(PtqModels))]
    public void QuantizedFilesAreAQuarterOrHalfTheFloatFile(string name)
    {
        double floatBytes = models.Bytes(name, PtqForm.Float).Length;
        foreach (var (form, limit) in new[] { (PtqForm.Int8Qdq, 0.27), (PtqForm.Int8QOperator, 0.27), (PtqForm.Dynamic, 0.27), (PtqForm.Float16, 0.52) })
        {
            double ratio = models.Bytes(name, form).Length / floatBytes;
            output.WriteLine($"{name} {form}: {ratio:F4}×");
            Assert.True(ratio <= limit, $"{form}: {ratio:F4}× the float file, limit {limit}×");
            // And not trivially small: the weights are all there (int8: a quarter; float16: a half).
            Assert.True(ratio >= limit - 0.04, $"{form}: {ratio:F4}× is suspiciously small");
        }
    }
}
