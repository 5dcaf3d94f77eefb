using System.Text.Json;

namespace Forecasting.Cli.Tests;

/// <summary><c>forecasting run</c> prints its jobs' outcomes in the listing formats on stdout (its logs on stderr), so a script can read them.</summary>
public sealed class RunCommandListingTests
{
    [Fact]
    public async Task Run_prints_the_outcome_of_each_job_as_json_or_csv()
    {
        using var temp = new TempFolder();
        string database = temp.File("store.db");

        // Its own process: the host's log lines go to the real console, which the in-process runner does not see.
        var (jsonExit, json, jsonLog) = await CliProcess.RunAsync(temp, "run", "--job", "ingest", "--db", database, "--drop-folder", temp.File("no-inbox"), "--format", "json");
        var (csvExit, csv, csvLog) = await CliProcess.RunAsync(temp, "run", "--job", "ingest", "--db", database, "--drop-folder", temp.File("no-inbox"), "--format", "csv");

        Assert.True(jsonExit == 0, json + jsonLog);
        Assert.True(csvExit == 0, csv + csvLog);
        Assert.Contains("Application started", jsonLog, StringComparison.Ordinal); // the host's log lines, on stderr
        using var document = JsonDocument.Parse(json); // nothing but the listing on stdout
        var outcome = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(("ingest", "completed", 0), (outcome.GetProperty("job").GetString(), outcome.GetProperty("status").GetString(), outcome.GetProperty("series").GetInt32()));
        Assert.Equal(JsonValueKind.Number, outcome.GetProperty("seconds").ValueKind);
        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("job,run,node,status,series,seconds,note", lines[0]);
        Assert.StartsWith("ingest,,", Assert.Single(lines[1..]), StringComparison.Ordinal);
    }
}
