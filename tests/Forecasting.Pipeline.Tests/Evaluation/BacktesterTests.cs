using System.Globalization;
using System.Text;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Pipeline.Evaluation;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Pipeline.Tests.Evaluation;

public class BacktesterTests
{
    private static readonly DateOnly Start = new(2025, 1, 6); // a Monday; 56 days of data, the last 28 held back

    /// <summary>
    /// A@north repeats 1..7 every week. C@south repeats 1..7 plus one more unit each week. B@north launches
    /// inside the hold-out (2025-02-24) and cannot be scored.
    /// </summary>
    private static async Task<JobsTempStore> SeedAsync()
    {
        var store = new JobsTempStore();
        await store.LoadAsync(IngestKind.Catalog, "sku,launch_date\nA,\nB,2025-02-24\nC,\n");
        var csv = new StringBuilder("sku,region,date,units\n");
        for (int t = 0; t < 56; t++)
        {
            string date = Start.AddDays(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"A,north,{date},{(t % 7) + 1}\n");
            csv.Append(CultureInfo.InvariantCulture, $"C,south,{date},{(t % 7) + 1 + (t / 7)}\n");
            if (t >= 49)
            {
                csv.Append(CultureInfo.InvariantCulture, $"B,north,{date},1\n");
            }
        }

        await store.LoadAsync(IngestKind.Demand, csv.ToString());
        return store;
    }

    [Fact]
    public async Task Scores_each_model_on_the_held_back_days_as_computed_by_hand()
    {
        using var store = await SeedAsync();

        var result = await new Backtester(store.Store, store.Store).RunAsync([new SeasonalNaiveForecaster(), new NaiveForecaster()], new BacktestOptions());

        Assert.Equal(new DateOnly(2025, 2, 2), result.Cutoff);
        Assert.Equal(2, result.Series);
        Assert.Equal(1, result.SkippedSeries);
        var seasonal = result.Models[0];
        var naive = result.Models[1];
        Assert.Equal(56, seasonal.Rows);

        // Actuals: A sums 4 x 28 = 112; C sums 4 x 28 + 7 x (4+5+6+7) = 266; together 378.
        // Seasonal naive: A exact; C is short by w-3 for weeks w = 4..7: 7 x (1+2+3+4) = 70.
        Assert.Equal(70.0 / 378, seasonal.Wape, 9);
        Assert.Equal(-70.0 / 378, seasonal.Bias, 9);
        // MASE: A's in-sample seasonal-naive scale is 0 (skipped); C's is 1 and its MAE 70 / 28 = 2.5.
        Assert.Equal(2.5, seasonal.Mase, 9);
        Assert.Equal(1, seasonal.MaseSkipped);

        // Naive repeats the last value: 7 for A (errors 6+5+...+0 = 21 a week, 84 in all) and 10 for C
        // (errors 16 + 13 + 12 + 13 = 54 over weeks 4..7).
        Assert.Equal(138.0 / 378, naive.Wape, 9);
        Assert.Equal(54.0 / 28, naive.Mase, 9);
        Assert.Equal("SeasonalNaive", result.Best.Model);
    }

    [Fact]
    public async Task Stores_each_models_forecasts_as_a_completed_backtest_run()
    {
        using var store = await SeedAsync();

        var result = await new Backtester(store.Store, store.Store).RunAsync([new SeasonalNaiveForecaster(), new NaiveForecaster()], new BacktestOptions());

        var runs = await store.Store.ListRunsAsync();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(ForecastRunKind.Backtest, r.Kind));
        Assert.All(runs, r => Assert.Equal(ForecastRunStatus.Completed, r.Status));
        var seasonalRun = runs.Single(r => r.Id == result.Models[0].RunId);
        var rows = await store.Store.ReadForecastsAsync(seasonalRun.Id, new SeriesKey("C", "south"));
        Assert.Equal(28, rows.Count);
        // Week 3 of C is 4..10: the first held-back Monday is forecast at 4, the Sunday at 10.
        Assert.Equal(4, rows.Single(r => r.TargetDate == new DateOnly(2025, 2, 3)).Mean);
        Assert.Equal(10, rows.Single(r => r.TargetDate == new DateOnly(2025, 2, 9)).Mean);
    }

    [Fact]
    public async Task Keeps_the_highest_volume_series_as_examples()
    {
        using var store = await SeedAsync();

        var result = await new Backtester(store.Store, store.Store).RunAsync([new SeasonalNaiveForecaster()], new BacktestOptions { Examples = 1, ExampleHistoryDays = 14 });

        var example = Assert.Single(result.Examples);
        Assert.Equal(new SeriesKey("C", "south"), example.Key); // history sums 154 against A's 112
        Assert.Equal(14, example.History.Count);
        Assert.Equal(new DateOnly(2025, 1, 20), example.HistoryStart);
        Assert.Equal(28, example.Actuals.Count);
        Assert.Equal(5, example.Actuals[0]); // 2025-02-03: week 4, Monday: 1 + 4
    }

    [Fact]
    public async Task Examples_show_one_region_per_sku()
    {
        using var store = new JobsTempStore();
        var csv = new StringBuilder("sku,region,date,units\n");
        for (int t = 0; t < 35; t++)
        {
            string date = Start.AddDays(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"A,north,{date},5\nA,south,{date},9\nB,north,{date},2\n");
        }

        await store.LoadAsync(IngestKind.Demand, csv.ToString());

        var result = await new Backtester(store.Store, store.Store).RunAsync([new NaiveForecaster()], new BacktestOptions { Examples = 3 });

        // Two highest-volume slots: A's best region (south, 9 a day) then B, never A twice; no series is intermittent.
        Assert.Equal([new SeriesKey("A", "south"), new SeriesKey("B", "north")], result.Examples.Select(e => e.Key));
    }

    [Fact]
    public async Task A_cancelled_backtest_marks_its_runs_cancelled()
    {
        using var store = await SeedAsync();
        using var cancel = new CancellationTokenSource();
        var progress = new CancelOnReport(cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new Backtester(store.Store, store.Store).RunAsync([new NaiveForecaster()], new BacktestOptions { BatchSize = 1 }, progress, cancel.Token));

        var run = Assert.Single(await store.Store.ListRunsAsync());
        Assert.Equal(ForecastRunStatus.Cancelled, run.Status);
    }

    [Fact]
    public async Task Refuses_data_shorter_than_the_hold_out()
    {
        using var store = new JobsTempStore();
        await store.LoadAsync(IngestKind.Demand, "sku,region,date,units\nA,north,2025-01-06,1\nA,north,2025-01-20,2\n");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new Backtester(store.Store, store.Store).RunAsync([new NaiveForecaster()], new BacktestOptions()));
        Assert.Contains("shorter than the 28-day hold-out", e.Message, StringComparison.Ordinal);
    }

    private sealed class CancelOnReport(CancellationTokenSource source) : IProgress<int>
    {
        public void Report(int value) => source.Cancel();
    }
}
