using Quanta.Tests.Support;
using Xunit;

namespace Quanta.Tests.Optimized;

/// <summary>
/// Re-runs the optimized-kernel tests (every <c>F32*Tests</c> class and
/// <see cref="OptimizedSessionTests"/>) in child processes with <c>DOTNET_EnableAVX512=0</c> (the
/// AVX2 kernels only), <c>DOTNET_EnableAVX2=0</c> (the Vector128 kernels) and with <c>DOTNET_EnableHWIntrinsic=0</c> (software vectors and the
/// reference kernels), as ImageSharp does, so that one machine tests every path. The child runs
/// <c>dotnet test</c> on this very assembly with a filter; it must pass and run tests.
/// </summary>
public class ForcedIsaTests
{
    private const string Filter =
        "FullyQualifiedName~Quanta.Tests.Optimized.F32|FullyQualifiedName~Quanta.Tests.Optimized.OptimizedSessionTests";

    [Theory]
    [InlineData("DOTNET_EnableAVX512")]
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public async Task OptimizedKernelTestsPassWithTheIsaDisabled(string variable)
    {
        var run = await ChildTestRun.RunWithDisabledAsync(variable, Filter, TimeSpan.FromMinutes(15));
        Assert.True(run.Passed >= 15, $"too few tests passed with {variable}=0:\n{run.Log}");
    }
}
