#!/usr/bin/env dotnet
// The policy back-test on a generated platform: what each stocking policy would have done over the last eight weeks,
// each day with only what was known before it (docs/simulation.md). KPIs per policy, local fill rate and stock on hand
// over time, and the planner's predicted against realised benefit. It generates its platform (--db is not accepted).
// Run: dotnet run notebooks/policy-backtest.cs [-- --out policy-backtest.html] [--seed N]
#:project ../src/Forecasting.Web/Forecasting.Web.csproj
#:property PublishAot=false

using System.Globalization;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Simulation;
using Forecasting.Web.Reports;

if (args.Contains("--db"))
{
    Console.Error.WriteLine("policy-backtest: replays a generated platform held in memory, so it generates its own (--db is not accepted)");
    return 1;
}

await using var notebook = await Notebook.OpenAsync("policy-backtest", args, new SeasonalNaiveForecaster());
if (notebook is null)
{
    return 2;
}

const int ReplayDays = 56;
var input = PlatformReplay.Create(notebook.Sample!.Platform, ReplayDays);
// The anticipatory policy re-trains the leading indicator every week: left out here to stay within a minute
// (forecasting simulate runs it).
ReplayPolicy[] policies = [ReplayPolicy.None, ReplayPolicy.Reactive, ReplayPolicy.SalesOnly, ReplayPolicy.Oracle];
var result = new ReplaySimulator(new SeasonalNaiveForecaster()).Run(input, policies);
var kpis = result.Kpis();
string[] colours = [ReportPalette.Baseline, ReportPalette.Alternative, ReportPalette.Forecast, ReportPalette.Actual];
var labels = Enumerable.Range(0, result.Days).Select(d => result.FirstDay.AddDays(d).ToString("MM-dd", CultureInfo.InvariantCulture)).ToList();
string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

List<ReportSection> sections =
[
    new ReportTable($"KPIs per policy over {result.Days} replayed days from {result.FirstDay:yyyy-MM-dd} (seasonal-naive forecasts)",
        ["policy", "local fill rate", "fill rate", "mean delivery days", "lost units", "transfer units", "holding cost", "average inventory", "profit", "oracle gain share", "predicted benefit", "realised benefit"],
        [.. kpis.Select(k => (IReadOnlyList<string>)[ReplayPolicies.Name(k.Policy), F(k.LocalFillRate, "P1"), F(k.FillRate, "P1"), F(k.MeanDeliveryDays, "0.00"),
            k.LostUnits.ToString("N0", CultureInfo.InvariantCulture), k.TransferUnits.ToString("N0", CultureInfo.InvariantCulture), F(k.HoldingCost, "N0"),
            F(k.AverageInventory, "N0"), F(k.Profit, "N0"), F(k.OracleGainShare, "P1"),
            k.PredictedBenefit is { } p ? F(p, "N0") : "-", k.RealisedBenefit is { } r ? F(r, "N0") : "-"])],
        HighlightColumn: 8, LowerIsBetter: false),
    new SeriesChart("Local fill rate per day: units shipped from the region's own warehouse / units shipped", "day", "share", labels,
        [.. result.Policies.Select((p, i) => new ChartLine(ReplayPolicies.Name(p.Policy),
            [.. Enumerable.Range(0, result.Days).Select(d => p.Daily.Sold[d] > 0 ? (double?)p.Daily.Local[d] / p.Daily.Sold[d] : null)], colours[i % colours.Length]))], []),
    new SeriesChart("Units on hand at the end of each day, all warehouses", "day", "units", labels,
        [.. result.Policies.Select((p, i) => new ChartLine(ReplayPolicies.Name(p.Policy), [.. p.Daily.OnHand.Select(v => (double?)v)], colours[i % colours.Length]))], []),
];
var moves = result.Policies.Where(p => p.Policy == ReplayPolicy.SalesOnly).SelectMany(p => p.SampleMoves).ToList();
if (moves.Count > 0)
{
    sections.Add(new KeyValueSummary("The planner's moves (sales-only, sample)", [
        new("moves sampled", moves.Count.ToString(CultureInfo.InvariantCulture)),
        new("predicted benefit", moves.Sum(m => m.PredictedBenefit).ToString("N0", CultureInfo.InvariantCulture)),
        new("realised benefit", moves.Sum(m => m.RealisedBenefit).ToString("N0", CultureInfo.InvariantCulture)),
    ]));
}

await notebook.WriteAsync("Policy back-test: what each stocking policy would have done", sections);
return 0;
