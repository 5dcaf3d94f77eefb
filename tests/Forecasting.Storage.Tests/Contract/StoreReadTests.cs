using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Contract;

public abstract class StoreReadTests : StoreContractTests
{
    [Fact]
    public async Task ReadDailySeries_FillsZerosAndStartsAtLaunch()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        // A has no launch date: its series starts at the first day of the data. B launched 2024-01-03: absent before.
        await temp.Load(IngestKind.Demand, "sku,region,date,units\nA,north,2024-01-02,2\nA,north,2024-01-05,1\nB,north,2024-01-04,3\nC,south,2024-01-01,1\n", "d.csv");

        var series = new List<DemandSeries>();
        await foreach (var s in temp.Store.ReadDailySeriesAsync())
        {
            series.Add(s);
        }

        var a = series.Single(s => s.Key == new SeriesKey("A", "north"));
        var b = series.Single(s => s.Key == new SeriesKey("B", "north"));
        Assert.Equal(3, series.Count);
        Assert.Equal(new DateOnly(2024, 1, 1), a.Start);
        Assert.Equal([0, 2, 0, 0, 1], a.Values.ToArray());
        Assert.Equal(new DateOnly(2024, 1, 3), b.Start);
        Assert.Equal([0, 3, 0], b.Values.ToArray());
        Assert.Null(b.ValueAt(new DateOnly(2024, 1, 2)));
    }

    [Fact]
    public async Task ReadDailySeries_WithLastDay_CutsTheHistory()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Demand, "sku,region,date,units\nA,north,2024-01-01,2\nA,north,2024-01-05,1\n", "d.csv");

        var series = new List<DemandSeries>();
        await foreach (var s in temp.Store.ReadDailySeriesAsync(new DateOnly(2024, 1, 3)))
        {
            series.Add(s);
        }

        Assert.Equal([2, 0, 0], Assert.Single(series).Values.ToArray());
    }

    [Fact]
    public async Task Forecasts_WrittenTwice_AreReplacedNotDuplicated()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var run = await temp.Store.CreateRunAsync(ForecastRunKind.Backtest, DateTimeOffset.UnixEpoch, new DateOnly(2024, 1, 31), 2, "Naive");
        var forecast = new SeriesForecast(new SeriesKey("A", "north"), "Naive", Granularity.Day, new DateOnly(2024, 2, 1), [1.5, 2.5], [0.1, 0.5, 0.9], [1, 2, 1.5, 2.5, 2, 3]);

        await temp.Store.WriteForecastsAsync(run.Id, [forecast], fresh: true);
        await temp.Store.WriteForecastsAsync(run.Id, [forecast], fresh: true); // wrongly said fresh: still replaced, not duplicated
        await temp.Store.WriteForecastsAsync(run.Id, [forecast]);
        await temp.Store.CompleteRunAsync(run.Id, ForecastRunStatus.Completed, 1);
        var rows = await temp.Store.ReadForecastsAsync(run.Id);
        var stored = Assert.Single(await temp.Store.ListRunsAsync());

        Assert.Equal(2, rows.Count);
        Assert.Equal(new Storage.Abstractions.ForecastRecord(run.Id, "A", "north", new DateOnly(2024, 2, 2), 2, "Naive", 2.5, 2, 2.5, 3), rows[1]);
        Assert.Equal((ForecastRunStatus.Completed, 1, new DateOnly(2024, 1, 31)), (stored.Status, stored.SeriesCount, stored.Cutoff));
    }

    [Fact]
    public async Task The_model_choice_is_stored_with_the_forecast_and_replaced_on_rewrite()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var run = await temp.Store.CreateRunAsync(ForecastRunKind.Production, DateTimeOffset.UnixEpoch, new DateOnly(2024, 1, 31), 1, "Auto");
        SeriesForecast Make(string model, ModelChoice? choice) =>
            new(new SeriesKey("A", "north"), model, Granularity.Day, new DateOnly(2024, 2, 1), [1], [0.1, 0.5, 0.9], [0, 1, 2]) { Choice = choice };
        var plain = Make("Naive", null);
        var first = Make("SES", new ModelChoice("Smooth", "SES", 1.25, "Theta", 1.5));
        var second = Make("SES", new ModelChoice("Smooth", "SES", 1.0, null, double.NaN));

        await temp.Store.WriteForecastsAsync(run.Id, [plain, first]);
        await temp.Store.WriteForecastsAsync(run.Id, [second]);
        var choices = await temp.Store.ReadChoicesAsync(run.Id);

        var choice = Assert.Single(choices); // the plain forecast has no choice; the rewrite replaced the first
        Assert.Equal(("A", "north", "SES", "Smooth", 1.0, (string?)null), (choice.Sku, choice.Region, choice.Model, choice.DemandClass, choice.CvScore, choice.RunnerUp));
        Assert.True(double.IsNaN(choice.RunnerUpScore));
    }

    [Fact]
    public async Task Reading_with_a_SKU_filter_returns_only_those_SKUs_series_in_full()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Demand, "sku,region,date,units\nA,north,2024-01-01,2\nA,south,2024-01-02,1\nC,north,2024-01-03,4\nB,north,2024-01-05,1\n", "d.csv");

        var all = new List<DemandSeries>();
        await foreach (var s in temp.Store.ReadDailySeriesAsync())
        {
            all.Add(s);
        }

        var some = new List<DemandSeries>();
        await foreach (var s in temp.Store.ReadDailySeriesAsync(null, sku => sku != "A"))
        {
            some.Add(s);
        }

        Assert.Equal(["A/north", "A/south", "B/north", "C/north"], all.Select(s => $"{s.Key.Sku}/{s.Key.Region}").Order());
        Assert.Equal(["B/north", "C/north"], some.Select(s => $"{s.Key.Sku}/{s.Key.Region}").Order());
        var c = some.Single(s => s.Key.Sku == "C");
        Assert.Equal(all.Single(s => s.Key.Sku == "C").Values.ToArray(), c.Values.ToArray());
    }

    [Fact]
    public async Task Filtered_reads_of_one_many_or_no_SKUs_equal_the_same_series_of_a_full_read_and_the_day_range_is_the_summarys()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        Assert.Equal(((DateOnly?)null, (DateOnly?)null), await temp.Store.GetDemandDaysAsync());
        var csv = new System.Text.StringBuilder("sku,region,date,units\n");
        var random = new Random(3);
        var skus = Enumerable.Range(0, 90).Select(i => $"S{i:D2}").ToList(); // more SKUs than a per-day seek takes
        for (var day = new DateOnly(2024, 1, 1); day <= new DateOnly(2024, 2, 29); day = day.AddDays(1))
        {
            foreach (var sku in skus.Where(_ => random.NextDouble() < 0.3))
            {
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{sku},{(random.Next(2) == 0 ? "north" : "south")},{day:yyyy-MM-dd},{1 + random.Next(9)}\n");
            }
        }

        await temp.Load(IngestKind.Demand, csv.ToString(), "d.csv", new IngestOptions { AutoRegister = true });
        var summary = await temp.Store.GetDemandSummaryAsync();
        Assert.Equal((summary.FirstDay, summary.LastDay), await temp.Store.GetDemandDaysAsync());

        async Task<Dictionary<string, double[]>> ReadAsync(Func<string, bool>? include)
        {
            var read = new Dictionary<string, double[]>();
            await foreach (var s in temp.Store.ReadDailySeriesAsync(null, include))
            {
                read[$"{s.Key.Sku}/{s.Key.Region}/{s.Start:yyyy-MM-dd}"] = s.Values.ToArray();
            }

            return read;
        }

        var all = await ReadAsync(null);
        foreach (var include in new Func<string, bool>[] { sku => sku == "S07", sku => sku.EndsWith('3'), sku => sku != "S00", _ => false })
        {
            var expected = all.Where(p => include(p.Key.Split('/')[0])).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            var actual = (await ReadAsync(include)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Select(p => p.Key), actual.Select(p => p.Key));
            Assert.Equal(expected.Select(p => p.Value), actual.Select(p => p.Value));
        }
    }

    [Fact]
    public async Task Job_history_records_each_execution_and_counts_completed_shards_once()
    {
        using var temp = NewStore();
        var a = await temp.Store.StartJobAsync("train-shard", 7, 0, 2, "node-a", recovering: false);
        var b = await temp.Store.StartJobAsync("train-shard", 7, 0, 2, "node-b", recovering: true);
        var c = await temp.Store.StartJobAsync("train-shard", 7, 1, 2, "node-b", recovering: false);
        await temp.Store.StartJobAsync("ingest", null, null, null, "node-a", recovering: false);

        await temp.Store.FinishJobAsync(b, "completed", 120, null);
        await temp.Store.FinishJobAsync(c, "failed", 3, "boom");
        int completed = await temp.Store.CountCompletedShardsAsync(7);
        await temp.Store.FinishJobAsync(c, "completed", 90, null);

        Assert.Equal(1, completed);
        Assert.Equal(2, await temp.Store.CountCompletedShardsAsync(7));
        var runs = await temp.Store.ListJobRunsAsync(7);
        Assert.Equal([c, b, a], runs.Select(r => r.Id));
        Assert.Equal(("node-b", true, "completed", 120), (runs[1].Node, runs[1].Recovering, runs[1].Status, runs[1].Series));
        Assert.Equal(("running", (DateTimeOffset?)null), (runs[2].Status, runs[2].FinishedAt));
        Assert.Equal(4, (await temp.Store.ListJobRunsAsync()).Count);
    }

    [Fact]
    public async Task Network_SavedAndReadBack_IsEqual()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var network = await temp.Store.GetNetworkAsync();

        Assert.Equal(TempStore.SmallNetwork.Regions, network.Regions);
        Assert.Equal(TempStore.SmallNetwork.Lanes.OrderBy(l => l.To), network.Lanes);
        Assert.Equal(["dc", "wh-north", "wh-south"], network.Warehouses.Select(w => w.Id));
        Assert.Equal(["north"], network.Warehouses[1].RegionsServed);
    }
}

public sealed class StoreReadTestsOnSqlite : StoreReadTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class StoreReadTestsOnPostgres : StoreReadTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
