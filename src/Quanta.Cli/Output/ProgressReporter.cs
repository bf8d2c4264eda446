using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Quanta.Cli.Output;

/// <summary>
/// Progress of a long job on standard error (standard output stays clean for results and JSON):
/// a live Spectre.Console bar on a terminal, and otherwise (redirected, or CI=true) a plain line
/// at every tenth of the work.
/// </summary>
internal static class ProgressReporter
{
    /// <summary>Runs <paramref name="work"/>, which reports each finished amount through the action it receives.</summary>
    /// <param name="env">Where to report.</param>
    /// <param name="label">What is being done (e.g. "eval").</param>
    /// <param name="total">The total amount, in <paramref name="unit"/>.</param>
    /// <param name="unit">The unit of work, plural (e.g. "images").</param>
    /// <param name="work">The job.</param>
    public static void Run(CliEnvironment env, string label, int total, string unit, Action<Action<int>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (env.Interactive)
        {
            env.ErrorConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(label, maxValue: Math.Max(total, 1));
                    work(n => task.Increment(n));
                });
            return;
        }
        var clock = Stopwatch.StartNew();
        int done = 0, nextTenth = 1;
        work(n =>
        {
            done += n;
            if (total <= 0 || done * 10L < nextTenth * (long)total) return;
            while (done * 10L >= nextTenth * (long)total) nextTenth++;
            double rate = done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {done}/{total} {unit} ({100.0 * done / total:0}%), {rate:0} {unit}/s"));
        });
    }
}
