#!/usr/bin/env dotnet
// Forecast accuracy by segment and horizon: which models win where, how WAPE grows with the horizon, and whether
// the p10-p90 band covers 80 % of the actuals in every ABC class.
// Run: dotnet run notebooks/accuracy.cs [-- --db STORE] [--out accuracy.html] [--seed N]
#:project ../src/Forecasting.Web/Forecasting.Web.csproj
#:property PublishAot=false

using System.Globalization;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;

await using var notebook = await Notebook.OpenAsync("accuracy", args);
if (notebook is null)
{
    return 2;
}

var data = await AccuracyReportData.LoadAsync(notebook.Store);
if (data.Overall.Rows == 0)
{
    Console.Error.WriteLine("accuracy: the store has no scored forecast days yet (run the scoring job after a forecast's days have actuals)");
    return 1;
}

var byModelBucket = await notebook.Store.QueryAccuracyAsync(new AccuracyQuery(["model", "bucket"]));
var buckets = byModelBucket.Select(r => r.Segment["bucket"]).Distinct().Order(StringComparer.Ordinal).ToList();
var models = byModelBucket.Select(r => r.Segment["model"]).Distinct().Order(StringComparer.Ordinal).ToList();
string[] colours = [ReportPalette.Forecast, ReportPalette.Baseline, ReportPalette.Alternative, ReportPalette.Alert, ReportPalette.Actual, "#cc79a7"];
var wapeByHorizon = new SeriesChart("WAPE by horizon bucket and model", "horizon bucket", "WAPE", buckets,
    [.. models.Select((m, i) => new ChartLine(m, [.. buckets.Select(b => byModelBucket.FirstOrDefault(r => r.Segment["model"] == m && r.Segment["bucket"] == b)?.Sums.Wape)], colours[i % colours.Length]))],
    []);

var byAbc = await notebook.Store.QueryAccuracyAsync(new AccuracyQuery(["abc"]));
var classes = byAbc.Select(r => r.Segment["abc"]).ToList();
var coverage = new SeriesChart("p10-p90 coverage by ABC class against the 80 % target", "ABC class", "coverage", classes,
    [
        new ChartLine("coverage", [.. byAbc.Select(r => (double?)r.Sums.Coverage)], ReportPalette.Forecast),
        new ChartLine("target", [.. classes.Select(_ => (double?)0.8)], ReportPalette.Alert, Dashed: true),
    ],
    [new ChartBand("accepted 0.77-0.83", [.. classes.Select(_ => (double?)0.77)], [.. classes.Select(_ => (double?)0.83)], ReportPalette.Interval)]);

var summary = new KeyValueSummary("Overall", [
    new("scored forecast days", data.Overall.Rows.ToString("N0", CultureInfo.InvariantCulture)),
    new("WAPE", Ratio(data.Overall.Wape)),
    new("naive WAPE", Ratio(data.Overall.NaiveWape)),
    new("coverage p10-p90", Ratio(data.Overall.Coverage)),
    new("models", string.Join(", ", models)),
]);
await notebook.WriteAsync("Accuracy by segment and horizon", [summary, wapeByHorizon, coverage, .. AccuracyReport.Sections(data)]);
return 0;

static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "-";
