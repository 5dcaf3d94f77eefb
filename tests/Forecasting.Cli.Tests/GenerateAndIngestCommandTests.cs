using System.Security.Cryptography;

namespace Forecasting.Cli.Tests;

public class GenerateAndIngestCommandTests
{
    [Fact]
    public async Task Generate_is_deterministic_for_a_seed()
    {
        using var temp = new TempFolder();
        string[] common = ["--skus", "25", "--regions", "5", "--days", "90", "--seed", "12"];

        var first = await CliRunner.RunAsync(["generate", .. common, "--out", temp.File("a")]);
        var second = await CliRunner.RunAsync(["generate", .. common, "--out", temp.File("b")]);
        var other = await CliRunner.RunAsync(["generate", "--skus", "25", "--regions", "5", "--days", "90", "--seed", "13", "--out", temp.File("c")]);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, other.ExitCode);
        Assert.Equal(Hash(temp.File("a/demand.csv")), Hash(temp.File("b/demand.csv")));
        Assert.Equal(Hash(temp.File("a/truth.json")), Hash(temp.File("b/truth.json")));
        Assert.NotEqual(Hash(temp.File("a/demand.csv")), Hash(temp.File("c/demand.csv")));
    }

    [Fact]
    public async Task Generate_refuses_a_region_count_outside_4_to_12()
    {
        using var temp = new TempFolder();

        var (exit, output) = await CliRunner.RunAsync("generate", "--regions", "2", "--out", temp.Path);

        Assert.Equal(CliApp.ExitError, exit);
        Assert.Contains("--regions must be between 4 and 12 (was 2)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_prints_counts_that_add_up_and_a_rerun_is_all_duplicates()
    {
        using var temp = new TempFolder();
        await File.WriteAllTextAsync(temp.File("demand.csv"), "sku,region,date,units\nA,north,2025-01-01,3\nA,north,2025-01-02,x\nB,north,2025-01-01,1\n");
        string db = temp.File("store.db");

        var first = await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", db, "--auto-register");
        var again = await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", db, "--auto-register");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("3 rows read = 2 accepted + 1 rejected + 0 duplicates", first.Output, StringComparison.Ordinal);
        Assert.Contains("units", first.Output, StringComparison.Ordinal); // the reject table names the field
        Assert.Contains("3 rows read = 0 accepted + 1 rejected + 2 duplicates", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_of_a_missing_file_fails_with_its_name()
    {
        using var temp = new TempFolder();

        var (exit, output) = await CliRunner.RunAsync("ingest", "demand", temp.File("nope.csv"), "--db", temp.File("store.db"));

        Assert.Equal(CliApp.ExitError, exit);
        Assert.Contains("nope.csv", output, StringComparison.Ordinal);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
