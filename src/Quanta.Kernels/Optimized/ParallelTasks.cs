namespace Quanta.Kernels;

/// <summary>A piece of work split into independent tasks, each writing its own outputs.</summary>
public interface IParallelTask
{
    /// <summary>Runs task <paramref name="index"/>. Tasks never write the same outputs, and a task's
    /// results do not depend on the thread that runs it, so any thread count gives the same bits.</summary>
    void Execute(int index);
}

/// <summary>Runs the tasks of an <see cref="IParallelTask"/>, on one thread or several.</summary>
public interface IParallelRunner
{
    /// <summary>Threads the runner uses (1 = the caller's only).</summary>
    int Threads { get; }

    /// <summary>Runs tasks 0 … <paramref name="count"/> − 1 and returns when all are done.</summary>
    void Run(IParallelTask task, int count);
}

/// <summary>Runs every task on the calling thread, in order.</summary>
public sealed class SerialRunner : IParallelRunner
{
    /// <summary>The shared instance.</summary>
    public static SerialRunner Instance { get; } = new();

    /// <inheritdoc/>
    public int Threads => 1;

    /// <inheritdoc/>
    public void Run(IParallelTask task, int count)
    {
        ArgumentNullException.ThrowIfNull(task);
        for (int i = 0; i < count; i++) task.Execute(i);
    }
}
