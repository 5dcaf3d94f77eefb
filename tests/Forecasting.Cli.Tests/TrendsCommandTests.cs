using System.Text.Json;

namespace Forecasting.Cli.Tests;

public sealed class TrendsCommandTests
{
    private static async Task<string> PlatformStoreAsync(TempFolder temp)
    {
        string database = temp.File("store.db"), folder = temp.File("platform");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--skus", "300", "--regions", "4", "--days", "100", "--seed", "9", "--trend-margin", "1", "--out", folder)).ExitCode);
        foreach (var (kind, file) in new[] { ("network", "network.json"), ("catalog", "catalog.csv"), ("demand", "demand.csv") })
        {
            var (exit, output) = await CliRunner.RunAsync("ingest", kind, Path.Combine(folder, file), "--db", database);
            Assert.True(exit == 0, output);
        }

        return database;
    }

    private static JsonElement[] Json(string output) => [.. JsonDocument.Parse(output[output.IndexOf('[', StringComparison.Ordinal)..]).RootElement.EnumerateArray()];

    [Fact]
    public async Task Trends_by_colour_list_every_colour_week_and_emerging_lists_skus_best_first_with_the_planted_check()
    {
        using var temp = new TempFolder();
        string database = await PlatformStoreAsync(temp);

        var (trendExit, trendOutput) = await CliRunner.RunAsync("trends", "--db", database, "--attribute", "colour", "--weeks", "2", "--filter", "category=dresses", "--format", "json");
        var (csvExit, csv) = await CliRunner.RunAsync("trends", "--db", database, "--attribute", "category,colour", "--region", "DE-N", "--weeks", "1", "--format", "csv");
        var (emergingExit, emerging) = await CliRunner.RunAsync("trends", "emerging", "--db", database, "--top", "5", "--truth", temp.File("platform/truth.json"), "--format", "json");

        Assert.True(trendExit == 0, trendOutput);
        Assert.True(csvExit == 0, csv);
        Assert.True(emergingExit == 0, emerging);
        var rows = Json(trendOutput);
        Assert.All(rows, r => Assert.Equal("actual", r.GetProperty("kind").GetString()));
        Assert.Equal(rows.Length, rows.Select(r => (r.GetProperty("color").GetString(), r.GetProperty("week").GetString())).Distinct().Count());
        Assert.Equal(2, rows.Select(r => r.GetProperty("week").GetString()).Distinct().Count());
        Assert.All(rows, r => Assert.True(r.GetProperty("units").GetInt64() >= 0));
        Assert.StartsWith("category,color,week,kind,units,", csv.Split('\n')[0], StringComparison.Ordinal);
        var ranked = Json(emerging);
        Assert.InRange(ranked.Length, 1, 5);
        Assert.Equal(Enumerable.Range(1, ranked.Length), ranked.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.All(ranked, r => Assert.StartsWith("SKU-", r.GetProperty("sku").GetString(), StringComparison.Ordinal));
        var scores = ranked.Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(ranked, r => Assert.Contains(r.GetProperty("planted").GetString(), new[] { "under way", "trend, not under way", "no" }));
    }

    [Fact]
    public async Task Trends_rebuild_sums_a_damaged_rollup_again_from_the_daily_rows()
    {
        using var temp = new TempFolder();
        string database = await PlatformStoreAsync(temp);
        string[] query = ["trends", "--db", database, "--attribute", "colour", "--weeks", "4", "--format", "csv"];
        var (_, before) = await CliRunner.RunAsync(query);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=false"))
        {
            connection.Open();
            using var damage = connection.CreateCommand();
            damage.CommandText = "UPDATE trend_facet_weeks SET units = units + 1000 WHERE facet = 'color'";
            Assert.True(damage.ExecuteNonQuery() > 0);
        }

        var (_, damaged) = await CliRunner.RunAsync(query);
        var (exit, output) = await CliRunner.RunAsync("trends", "rebuild", "--db", database);
        var (_, after) = await CliRunner.RunAsync(query);

        Assert.True(exit == 0, output);
        Assert.Contains("trend rollups rebuilt from", output, StringComparison.Ordinal);
        Assert.NotEqual(before, damaged);
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("--filter", "colour=purple", "purple")]
    [InlineData("--filter", "shade=red", "shade")]
    [InlineData("--attribute", "colour,colour", "twice")]
    [InlineData("--region", "atlantis", "atlantis")]
    [InlineData("--as-of", "soon", "--as-of")]
    public async Task A_bad_option_fails_with_a_message_naming_it(string option, string value, string named)
    {
        using var temp = new TempFolder();
        string database = await PlatformStoreAsync(temp);

        var (exit, output) = await CliRunner.RunAsync("trends", "--db", database, option, value);

        Assert.Equal(CliApp.ExitError, exit);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
