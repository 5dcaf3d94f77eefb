using System.Text.Json;

namespace Forecasting.Cli.Tests;

/// <summary><c>forecasting run</c> prints its jobs' outcomes in the listing formats, so a script can read them.</summary>
public sealed class RunCommandListingTests
{
    [Fact]
    public async Task Run_prints_the_outcome_of_each_job_as_json_or_csv()
    {
        using var temp = new TempFolder();
        string database = temp.File("store.db");

        var (jsonExit, json) = await CliRunner.RunAsync("run", "--job", "ingest", "--db", database, "--drop-folder", temp.File("no-inbox"), "--format", "json");
        var (csvExit, csv) = await CliRunner.RunAsync("run", "--job", "ingest", "--db", database, "--drop-folder", temp.File("no-inbox"), "--format", "csv");

        Assert.True(jsonExit == 0, json);
        Assert.True(csvExit == 0, csv);
        using var document = JsonDocument.Parse(json); // nothing but the listing on stdout
        var outcome = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(("ingest", "completed", 0), (outcome.GetProperty("job").GetString(), outcome.GetProperty("status").GetString(), outcome.GetProperty("series").GetInt32()));
        Assert.Equal(JsonValueKind.Number, outcome.GetProperty("seconds").ValueKind);
        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("job,run,node,status,series,seconds,note", lines[0]);
        Assert.StartsWith("ingest,,", Assert.Single(lines[1..]), StringComparison.Ordinal);
    }
}
