using System.Diagnostics;

namespace Forecasting.Cli.Tests.Notebooks;

/// <summary>
/// Smoke-runs every notebook the way a user does (<c>dotnet run notebooks/NAME.cs</c>, Release so that the projects the
/// test run built are reused): each must end with 0 and write its page with the charts and tables it promises.
/// One at a time: each builds its own program and generates its own platform.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookTests
{
    public static TheoryData<string, string[]> Notebooks => new()
    {
        { "accuracy", ["WAPE by horizon bucket and model", "p10-p90 coverage by ABC class", "Overall"] },
        { "ssa-decomposition", ["chosen window L", "chosen rank r", "Grouped components", "w-correlations of the first components"] },
        { "planted-truth", ["Weekday multipliers per region: planted / recovered", "Trend items: planted and recovered lead"] },
        { "policy-backtest", ["KPIs per policy over 56 replayed days", "Local fill rate per day", "Units on hand at the end of each day", "oracle"] },
    };

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task A_notebook_runs_and_writes_its_page(string name, string[] sections)
    {
        using var temp = new TempFolder();
        string page = Path.Combine(temp.Path, name + ".html");
        var (exitCode, output) = await RunAsync(temp.Path, Path.Combine(RepositoryRoot(), "notebooks", name + ".cs"), "--out", page);
        Assert.True(exitCode == 0, $"{name} ended with {exitCode}:\n{output}");
        string html = await File.ReadAllTextAsync(page);
        Assert.All(sections, s => Assert.Contains(s, html));
        Assert.Contains("<svg", html);
        Assert.Contains($"{name}: wrote {page}", output);
    }

    [Fact]
    public async Task A_notebook_given_an_unknown_argument_or_a_missing_store_says_which_and_ends_with_an_error()
    {
        using var temp = new TempFolder();
        var (exitCode, output) = await RunAsync(temp.Path, Path.Combine(RepositoryRoot(), "notebooks", "accuracy.cs"), "--colour", "red");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("unknown argument '--colour'", output);
        Assert.DoesNotContain("   at ", output); // a message, not a stack trace

        (exitCode, output) = await RunAsync(temp.Path, Path.Combine(RepositoryRoot(), "notebooks", "accuracy.cs"), "--db", Path.Combine(temp.Path, "none.db"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("no such store", output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, string notebook, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])["run", notebook, "-c", "Release", "--", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Forecasting.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Forecasting.sln not found above the test folder.");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "notebooks";
}
