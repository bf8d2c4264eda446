using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.OptimizedInt8;

/// <summary>
/// Re-runs every optimized int8 test class of this folder (the QS8* kernel suites, the bindings and
/// the whole-model comparisons) in child processes with <c>DOTNET_EnableAVX512=0</c> (the AVX2
/// kernels in sessions, the AVX-512 suites skipped), with <c>DOTNET_EnableAVX2=0</c> (SSE: the
/// Vector128 kernels and their SSE4.1 epilogue) and with <c>DOTNET_EnableHWIntrinsic=0</c>
/// (software vectors: the portable forms, and the reference kernels in sessions), as ImageSharp
/// does, so one machine tests every path. The child must pass, run tests, and — proof that the
/// variable took effect — skip the suites of the disabled instruction set.
/// </summary>
public class ForcedIsaInt8Tests
{
    private const string Filter =
        "FullyQualifiedName~Quanta.Tests.OptimizedInt8.QS8|FullyQualifiedName~Quanta.Tests.OptimizedInt8.Optimized";

    [Theory]
    [InlineData("DOTNET_EnableAVX512")]
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public async Task Int8KernelTestsPassWithTheIsaDisabled(string variable)
    {
        var run = await ChildTestRun.RunWithDisabledAsync(variable, Filter, TimeSpan.FromMinutes(20));
        Assert.True(run.Passed >= 30, $"too few tests passed with {variable}=0:\n{run.Log}");
        Assert.True(run.Skipped > 0, $"no test of the disabled instruction set was skipped with {variable}=0, so it was still on:\n{run.Log}");
    }
}
