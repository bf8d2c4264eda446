namespace Quanta.Cli;

/// <summary>Entry point of the quanta tool (commands are being written).</summary>
public static class Program
{
    /// <summary>Runs the tool.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.Error.WriteLine("quanta: commands are being written");
        return 1;
    }
}
