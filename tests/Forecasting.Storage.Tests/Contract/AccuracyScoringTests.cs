using System.Globalization;
using System.Text;
using Forecasting.Storage.Files;
using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Pipeline.Scoring;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Contract;

/// <summary>
/// Scoring forecast snapshots against actuals, drift alerts and retention, on both stores, with planted truth:
/// every snapshot forecasts 10 units a day (p10 7, p90 13) for every series; actuals are 10 plus a weekly pattern
/// of noise (WAPE 0.229, coverage 5/7 in every week), until one region's demand jumps to 20.
/// </summary>
public abstract class AccuracyScoringTests : StoreContractTests
{
    private static readonly DateOnly Start = new(2026, 1, 5);
    private static readonly string[] Regions = ["east", "north", "south"];
    private static readonly string[] Skus = ["S1", "S2", "S3", "S4"];
    private static readonly int[] Noise = [0, 2, -2, 5, -1, 1, -5]; // a week: |e| sums to 16 over 70 units (WAPE 0.229); two of seven outside 7..13

    private static int Planted(string region, DateOnly day, DateOnly? shift) =>
        shift is { } s && region == "east" && day >= s ? 20 : 10 + Noise[(day.DayNumber + region.Length) % Noise.Length];

    private static async Task LoadDaysAsync(TempStore temp, DateOnly first, DateOnly last, DateOnly? shift, Func<string, string, DateOnly, int>? units = null)
    {
        var csv = new StringBuilder("sku,region,date,units\n");
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var region in Regions)
            {
                foreach (var sku in Skus)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{sku},{region},{day:yyyy-MM-dd},{units?.Invoke(sku, region, day) ?? Planted(region, day, shift)}\n");
                }
            }
        }

        var report = await temp.Load(IngestKind.Demand, csv.ToString(), $"demand-{first:yyyyMMdd}.csv", new IngestOptions { AutoRegister = true });
        Assert.Equal(0, report.Counts.Rejected);
    }

    /// <summary>A snapshot at <paramref name="cutoff"/>: 10 units a day for every series, p10 7, p50 10, p90 13.</summary>
    private static async Task<long> IssueAsync(TempStore temp, DateOnly cutoff, int horizon)
    {
        var run = await temp.Store.CreateRunAsync(ForecastRunKind.Production, new DateTimeOffset(cutoff.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cutoff, horizon, "Flat");
        var forecasts = Regions.SelectMany(r => Skus.Select(s => new SeriesForecast(new SeriesKey(s, r), "Flat", Granularity.Day, cutoff.AddDays(1),
            [.. Enumerable.Repeat(10.0, horizon)], [0.1, 0.5, 0.9], [.. Enumerable.Repeat(7.0, horizon), .. Enumerable.Repeat(10.0, horizon), .. Enumerable.Repeat(13.0, horizon)]))).ToList();
        await temp.Store.WriteForecastsAsync(run.Id, forecasts);
        await temp.Store.CompleteRunAsync(run.Id, ForecastRunStatus.Completed, forecasts.Count);
        return run.Id;
    }

    private static async Task SeedCatalogAsync(TempStore temp) =>
        await temp.Load(IngestKind.Catalog, "sku,category,launch_date,price,unit_cost,case_pack\nS1,dresses,,10,4,1\nS2,dresses,,10,4,1\nS3,shoes,,10,4,1\nS4,shoes,,10,4,1\n", "catalog.csv");

    private static async Task<Dictionary<(long, AccuracyCell), AccuracySums>> AllCellsAsync(TempStore temp, IEnumerable<long> runs)
    {
        var all = new Dictionary<(long, AccuracyCell), AccuracySums>();
        foreach (long run in runs)
        {
            foreach (var (cell, sums) in await temp.Store.ReadCellsAsync(run))
            {
                all[(run, cell)] = sums;
            }
        }

        return all;
    }

    [Fact]
    public async Task A_snapshot_keeps_the_settings_it_was_made_with()
    {
        using var temp = NewStore();
        await SeedCatalogAsync(temp);
        await LoadDaysAsync(temp, Start, Start.AddDays(69), null);
        var run = await new Forecasting.Pipeline.Training.ForecastTrainer(temp.Store, temp.Store).RunAsync(new SeasonalNaiveForecaster(),
            new Forecasting.Pipeline.Training.TrainingOptions { Horizon = 14, Cutoff = Start.AddDays(60) });
        var bare = await temp.Store.CreateRunAsync(ForecastRunKind.Production, DateTimeOffset.UnixEpoch, Start, 7, "Flat");

        var stored = (await temp.Store.ListRunsAsync()).ToDictionary(r => r.Id);
        using var parameters = System.Text.Json.JsonDocument.Parse(stored[run.Id].Parameters!);
        Assert.Equal("SeasonalNaive", parameters.RootElement.GetProperty("model").GetString());
        Assert.Equal(14, parameters.RootElement.GetProperty("horizon").GetInt32());
        Assert.Equal(7, parameters.RootElement.GetProperty("seasonLength").GetInt32());
        Assert.Equal([0.1, 0.5, 0.9], parameters.RootElement.GetProperty("quantileLevels").EnumerateArray().Select(q => q.GetDouble()));
        Assert.Equal(Start.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), parameters.RootElement.GetProperty("cutoff").GetString());
        Assert.Equal(Start.AddDays(69).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), parameters.RootElement.GetProperty("dataLastDay").GetString());
        Assert.Null(stored[bare.Id].Parameters);
    }

    [Fact]
    public async Task Coverage_bias_and_wape_of_a_hand_made_snapshot_match_hand_computed_values()
    {
        using var temp = NewStore();
        await SeedCatalogAsync(temp);
        var cutoff = Start.AddDays(70);
        // History of 10 a day, then actuals 8, 12, 14, 0 for days 1-4 of a 5-day snapshot (day 5 has not arrived).
        int[] after = [8, 12, 14, 0];
        await LoadDaysAsync(temp, Start, cutoff.AddDays(4), null, (sku, region, day) => day <= cutoff ? 10 : after[day.DayNumber - cutoff.DayNumber - 1]);
        long run = await IssueAsync(temp, cutoff, 5);

        var result = await new AccuracyScoringService(temp.Store, new AccuracyOptions()).ScoreAsync();

        Assert.Equal(12 * 4, result.Rows);
        var total = (await temp.Store.QueryAccuracyAsync(new AccuracyQuery([], RunId: run))).Single().Sums;
        Assert.Equal(18.0 / 34, total.Wape, 12);    // |10-8| + |10-12| + |10-14| + |10-0| = 18 per series over 34 units
        Assert.Equal(6.0 / 34, total.Bias, 12);     // (2 - 2 - 4 + 10) / 34
        Assert.Equal(0.5, total.Coverage, 12);      // 8 and 12 inside 7..13; 14 and 0 outside
        Assert.Equal(18.0 / 34, total.NaiveWape, 12); // the naive benchmark (10 a day) errs exactly like the flat forecast
        var byBucket = await temp.Store.QueryAccuracyAsync(new AccuracyQuery(["bucket", "day"], RunId: run, Region: "north"));
        Assert.Equal(4, byBucket.Count);
        Assert.All(byBucket, r => Assert.Equal("1-7", r.Segment["bucket"]));
        Assert.Equal(cutoff.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), byBucket[0].Segment["day"]);
        Assert.Equal(4 * 2.0 / (4 * 8), byBucket[0].Sums.Wape, 12);
    }

    [Fact]
    public async Task An_abrupt_shift_in_one_region_raises_alerts_for_that_region_only_rescoring_changes_nothing_and_recovery_clears_them()
    {
        using var temp = NewStore();
        await SeedCatalogAsync(temp);
        var shift = Start.AddDays(100);
        await LoadDaysAsync(temp, Start, shift.AddDays(-1), shift);
        var runs = new List<long>();
        for (var cutoff = Start.AddDays(63); cutoff < shift.AddDays(17); cutoff = cutoff.AddDays(1))
        {
            runs.Add(await IssueAsync(temp, cutoff, 7));
        }

        var service = new AccuracyScoringService(temp.Store, new AccuracyOptions());
        var before = await service.ScoreAsync();
        Assert.Empty(before.Alerts); // 8 weeks of steady accuracy: nothing to report
        // Three whole weeks, each day forecast by seven snapshots: exactly the planted weekly accuracy.
        var steady = (await temp.Store.QueryAccuracyAsync(new AccuracyQuery(["region"], Start.AddDays(70), Start.AddDays(90)))).ToDictionary(r => r.Segment["region"], r => r.Sums);
        Assert.Equal(16.0 / 70, steady["north"].Wape, 9);
        Assert.Equal(5.0 / 7, steady["north"].Coverage, 9);

        await LoadDaysAsync(temp, shift, shift.AddDays(2), shift); // three days after the shift arrive
        var after = await service.ScoreAsync();

        var raised = after.Alerts.Where(a => a.Change == AlertChangeKind.Raised && a.Alert.Dimension == "region").Select(a => (a.Alert.Kind, a.Alert.Segment)).Order().ToList();
        Assert.Equal([(DriftCondition.Coverage, "east"), (DriftCondition.WapeDrift, "east")], raised);
        var open = await temp.Store.ListAlertsAsync(true);
        Assert.All(open.Where(a => a.Dimension == "region"), a => Assert.Equal("east", a.Segment));
        Assert.Equal(shift.AddDays(2), open.First(a => a.Dimension == "region").RaisedDay);

        // Re-running with no new actuals: no run rescored, every cell and alert as it was.
        var cells = await AllCellsAsync(temp, runs);
        var again = await service.ScoreAsync();
        Assert.Empty(again.Runs);
        Assert.Equal(cells, await AllCellsAsync(temp, runs));
        Assert.Equal(open.Select(a => (a.Id, a.Kind, a.Segment, a.Status, a.Value)), (await temp.Store.ListAlertsAsync(true)).Select(a => (a.Id, a.Kind, a.Segment, a.Status, a.Value)));
        Assert.All(again.Alerts, a => Assert.Equal(AlertChangeKind.Kept, a.Change));

        // The region recovers: two weeks of its usual demand clear both alerts.
        await LoadDaysAsync(temp, shift.AddDays(3), shift.AddDays(16), null);
        var recovered = await service.ScoreAsync();
        Assert.Equal([(DriftCondition.Coverage, "east"), (DriftCondition.WapeDrift, "east")],
            recovered.Alerts.Where(a => a.Change == AlertChangeKind.Cleared && a.Alert.Dimension == "region").Select(a => (a.Alert.Kind, a.Alert.Segment)).Order().ToList());
        Assert.DoesNotContain(await temp.Store.ListAlertsAsync(true), a => a.Dimension == "region");
        Assert.All((await temp.Store.ListAlertsAsync(false)).Where(a => a.Dimension == "region"), a => Assert.Equal((AccuracyAlert.Cleared, shift.AddDays(16)), (a.Status, a.LastDay)));
    }

    [Fact]
    public async Task An_alert_is_acknowledged_once_by_the_first_person_and_stays_open_until_its_condition_clears()
    {
        using var temp = NewStore();
        var alert = await temp.Store.RaiseAlertAsync(new DriftCondition(DriftCondition.WapeDrift, "region", "east", 0.4, 0.2, "region east drifted"), Start);
        Assert.Null(alert.AcknowledgedAt);

        Assert.True(await temp.Store.AcknowledgeAlertAsync(alert.Id, "Olga Ops"));
        Assert.False(await temp.Store.AcknowledgeAlertAsync(alert.Id, "Otto Ops"));
        Assert.False(await temp.Store.AcknowledgeAlertAsync(alert.Id + 1000, "Olga Ops"));
        var acknowledged = (await temp.Store.ListAlertsAsync(openOnly: true)).Single();
        Assert.Equal(("Olga Ops", AccuracyAlert.Open), (acknowledged.AcknowledgedBy, acknowledged.Status));
        Assert.NotNull(acknowledged.AcknowledgedAt);

        await temp.Store.ClearAlertAsync(alert.Id, Start.AddDays(7));
        var cleared = (await temp.Store.ListAlertsAsync(openOnly: false)).Single();
        Assert.Equal((AccuracyAlert.Cleared, "Olga Ops"), (cleared.Status, cleared.AcknowledgedBy));
    }

    [Fact]
    public async Task Late_actuals_update_only_the_cells_they_affect_and_only_the_runs_that_forecast_them()
    {
        using var temp = NewStore();
        await SeedCatalogAsync(temp);
        var last = Start.AddDays(90);
        await LoadDaysAsync(temp, Start, last, null);
        var runs = new List<long>();
        for (var cutoff = Start.AddDays(63); cutoff < last; cutoff = cutoff.AddDays(1))
        {
            runs.Add(await IssueAsync(temp, cutoff, 7));
        }

        var service = new AccuracyScoringService(temp.Store, new AccuracyOptions());
        await service.ScoreAsync();
        var before = await AllCellsAsync(temp, runs);
        var late = last.AddDays(-3);

        await temp.Load(IngestKind.Demand, $"sku,region,date,units\nS3,north,{late:yyyy-MM-dd},40\n", "late.csv");
        var result = await service.ScoreAsync();
        var after = await AllCellsAsync(temp, runs);

        var changed = after.Where(p => !before.TryGetValue(p.Key, out var b) || b != p.Value).Select(p => p.Key).ToList();
        Assert.NotEmpty(changed);
        Assert.Equal(before.Count, after.Count);
        // Only north/shoes cells change: of the late day itself, or of runs cut off on or after it (whose history, MASE
        // scale and naive benchmark include that day).
        var runCutoffs = (await temp.Store.ListRunsAsync()).ToDictionary(r => r.Id, r => r.Cutoff);
        Assert.All(changed, k => Assert.True(k.Item2.Region == "north" && k.Item2.Category == "shoes" && (k.Item2.Day == late || runCutoffs[k.Item1] >= late), k.ToString()));
        // Only runs whose window holds the late day were rescored.
        Assert.Equal(runs.Where(r => runCutoffs[r] < late && runCutoffs[r].AddDays(7) >= late || runCutoffs[r] >= late).Order(), result.Runs.Select(r => r.RunId).Order());
        var cell = after[(runs.First(r => runCutoffs[r] == late.AddDays(-1)), new AccuracyCell("Flat", "north", "shoes", 'A', late, "1-7"))];
        Assert.Equal(40 + Planted("north", late, null), cell.AbsActual); // S3 now 40, S4 unchanged
    }

    [Fact]
    public async Task A_planners_edit_is_judged_against_the_demand_of_the_destinations_window()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync(); // wh-north serves north
        var planDay = new DateOnly(2026, 3, 2);
        var csv = new StringBuilder("sku,region,date,units\n");
        for (var day = planDay.AddDays(-5); day <= planDay.AddDays(9); day = day.AddDays(1))
        {
            csv.Append(CultureInfo.InvariantCulture, $"A,north,{day:yyyy-MM-dd},7\nA,south,{day:yyyy-MM-dd},50\n");
        }

        await temp.Load(IngestKind.Demand, csv.ToString(), "demand.csv");
        var plan = await temp.Store.CreatePlanRunAsync(1, planDay);
        // The engine moves 30 units into a position of 50 (80 after); the planner cuts it to 13 (63 after). Over the
        // 9-day window north then sold 9 x 7 = 63: the edit closed the engine's gap of 17 units entirely.
        await temp.Store.WriteProposalsAsync(plan.Id, [
            new("A", "dc", "wh-north", 30, planDay.AddDays(2), 9, 70, 50, 90, 80, 50, 80, 0.95, 10, 9, 100, "Auto"),
            new("B", "dc", "wh-north", 5, planDay.AddDays(2), 30, 10, 5, 15, 12, 7, 12, 0.95, 2, 1, 10, "Auto"), // window not over yet
        ]);
        var proposals = await temp.Store.ListProposalsAsync();
        await temp.Store.DecideAsync(proposals.Single(p => p.Proposal.Sku == "A").Id, 1, "edit", "ana", quantity: 13);
        await temp.Store.DecideAsync(proposals.Single(p => p.Proposal.Sku == "B").Id, 1, "edit", "ana", quantity: 9);

        var value = await new EditValueService(temp.Store).MeasureAsync();

        Assert.Equal(2, value.Edits);
        var judged = Assert.Single(value.Judged);
        Assert.Equal(("A", 30, 13, 80, 63, 63.0), (judged.Sku, judged.EngineQuantity, judged.PlannerQuantity, judged.EnginePosition, judged.PlannerPosition, judged.ActualDemand));
        Assert.Equal((17.0, 0.0, 1, 1.0), (value.EngineError, value.PlannerError, value.Improved, value.ValueAdded));
    }

    [Fact]
    public async Task Retention_keeps_recent_snapshots_whole_then_the_last_of_each_week_and_keeps_all_accuracy()
    {
        using var temp = NewStore();
        await SeedCatalogAsync(temp);
        var last = Start.AddDays(130);
        await LoadDaysAsync(temp, Start, last, null);
        var runs = new Dictionary<long, DateOnly>();
        for (var cutoff = Start.AddDays(63); cutoff <= last.AddDays(-7); cutoff = cutoff.AddDays(1))
        {
            runs[await IssueAsync(temp, cutoff, 7)] = cutoff;
        }

        var result = await new AccuracyScoringService(temp.Store, new AccuracyOptions { KeepDailyDays = 14, KeepWeeklyDays = 42 }).ScoreAsync();

        var newest = runs.Values.Max();
        var lastOfWeek = runs.GroupBy(r => r.Value.DayNumber / 7).Select(g => g.MaxBy(r => r.Value).Key).ToHashSet();
        var expected = runs.Where(r => newest.DayNumber - r.Value.DayNumber is var age && (age >= 42 || (age >= 14 && !lastOfWeek.Contains(r.Key)))).Select(r => r.Key).Order();
        Assert.Equal(expected, result.PrunedRuns.Order());
        Assert.NotEmpty(result.PrunedRuns);
        long prunedRun = result.PrunedRuns[0];
        Assert.Empty(await temp.Store.ReadForecastsAsync(prunedRun));
        Assert.NotEmpty(await temp.Store.ReadCellsAsync(prunedRun)); // accuracy outlives the raw forecasts
        Assert.NotEmpty(await temp.Store.ReadForecastsAsync(runs.Keys.Max()));
        Assert.Empty((await new AccuracyScoringService(temp.Store, new AccuracyOptions { KeepDailyDays = 14, KeepWeeklyDays = 42 }).ScoreAsync()).PrunedRuns);
    }
}

public sealed class AccuracyScoringTestsOnSqlite : AccuracyScoringTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class AccuracyScoringTestsOnPostgres : AccuracyScoringTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
