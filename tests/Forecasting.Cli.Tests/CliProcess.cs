using System.Diagnostics;

namespace Forecasting.Cli.Tests;

/// <summary>The <c>forecasting</c> command built next to the tests, run as its own process (a cluster node, a job
/// that must outlive a database outage), its output captured.</summary>
internal static class CliProcess
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Text.StringBuilder> Outputs = new();

    /// <summary>What the process printed so far (standard output and error, interleaved).</summary>
    public static string OutputOf(Process process)
    {
        var output = Outputs.GetOrCreateValue(process);
        lock (output)
        {
            return output.ToString();
        }
    }

    public static Process Start(TempFolder temp, params string[] args) => Start(temp, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the process (beside the inherited ones).</param>
    public static Process Start(TempFolder temp, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartAssembly(typeof(CliApp).Assembly.Location, temp, environment, args);

    /// <summary>Any executable assembly built next to the tests (e.g. the service host), run with <c>dotnet</c>.</summary>
    public static Process StartAssembly(string assembly, TempFolder temp, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var output = Outputs.GetOrCreateValue(process);
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine(); // always drained: a full pipe would block the node
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs the command to its end and returns its standard output and standard error apart.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(TempFolder temp, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
