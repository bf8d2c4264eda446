using System.Diagnostics;
using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>One step of a plan: a node bound to a kernel and to its input and output tensors.</summary>
public sealed class PlanStep
{
    internal PlanStep(Node node, KernelEntry entry, IKernel kernel, Tensor?[] inputs, Tensor[] outputs)
    {
        Node = node;
        Entry = entry;
        Kernel = kernel;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The node this step runs.</summary>
    public Node Node { get; }

    /// <summary>The kernel chosen for it.</summary>
    public KernelEntry Entry { get; }

    /// <summary>The kernel's name, e.g. <c>f32-conv-ref</c> (the implementation that runs, when an
    /// optimized entry handed the node to another).</summary>
    public string KernelName => Kernel is INamedKernel named ? named.Name : Entry.Name;

    internal IKernel Kernel { get; }

    /// <summary>Input tensors: arena views, constants, or null for absent inputs.</summary>
    public Tensor?[] Inputs { get; }

    /// <summary>Output tensors: views into the arena.</summary>
    public Tensor[] Outputs { get; }
}

/// <summary>
/// A graph compiled for concrete input shapes: the steps to run in order, each with its kernel,
/// and one arena holding every intermediate value, planned by liveness. Running it allocates nothing.
/// </summary>
public sealed class ExecutionPlan
{
    internal ExecutionPlan(IReadOnlyList<PlanStep> steps, byte[] arena, long arenaBytes, Tensor[] inputs, Tensor[] outputs, int foldedNodes)
    {
        Steps = steps;
        Arena = arena;
        ArenaBytes = arenaBytes;
        Inputs = inputs;
        Outputs = outputs;
        FoldedNodes = foldedNodes;
        StepTicks = new long[steps.Count];
    }

    /// <summary>The steps, in execution order.</summary>
    public IReadOnlyList<PlanStep> Steps { get; }

    /// <summary>Bytes of the arena (all intermediate values and graph inputs).</summary>
    public long ArenaBytes { get; }

    /// <summary>Nodes computed once at compile time because their inputs were constant.</summary>
    public int FoldedNodes { get; }

    internal byte[] Arena { get; }

    /// <summary>Where each graph input is copied before a run.</summary>
    internal Tensor[] Inputs { get; }

    /// <summary>Where each graph output is found after a run (arena views or constants).</summary>
    internal Tensor[] Outputs { get; }

    /// <summary>Time of each step in the last profiled run, in <see cref="Stopwatch"/> ticks.</summary>
    internal long[] StepTicks { get; }

    /// <summary>Runs every step.</summary>
    internal void Execute(bool profile)
    {
        var steps = Steps;
        if (!profile)
        {
            for (int i = 0; i < steps.Count; i++) RunStep(steps[i]);
            return;
        }
        for (int i = 0; i < steps.Count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            RunStep(steps[i]);
            StepTicks[i] = Stopwatch.GetTimestamp() - start;
        }
    }

    private static void RunStep(PlanStep step)
    {
        try
        {
            step.Kernel.Run(step.Inputs, step.Outputs);
        }
        catch (QuantaException e) when (e is not UnsupportedException and not InvalidInputException and not QuantizationParameterException)
        {
            // Name the node for errors only the data reveals (an index out of range, say). Unsupported
            // features, bad inputs and bad quantization parameters fed at run time keep their type, so
            // callers can tell them apart.
            throw new QuantaException($"{step.Node.OpType} '{step.Node.Name}' ({step.KernelName}): {e.Message}", e);
        }
    }
}
