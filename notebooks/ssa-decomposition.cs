#!/usr/bin/env dotnet
// One series' SSA decomposition: the window and rank our SSA validates for it, the eigenvalue spectrum, the
// elementary components grouped into trend, seasonal pairs and the rest by their w-correlations, and the residual.
// Run: dotnet run notebooks/ssa-decomposition.cs [-- --db STORE] [--out ssa-decomposition.html] [--seed N] [--series SKU/REGION]
#:project ../src/Forecasting.Web/Forecasting.Web.csproj
#:property PublishAot=false

using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Ssa;
using Forecasting.Web.Reports;

string? wanted = null;
var rest = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--series" && i + 1 < args.Length) { wanted = args[++i]; } else { rest.Add(args[i]); }
}

await using var notebook = await Notebook.OpenAsync("ssa-decomposition", [.. rest], new SeasonalNaiveForecaster()); // only the demand is read
if (notebook is null)
{
    return 2;
}

DemandSeries? series = null;
await foreach (var s in notebook.Store.ReadDailySeriesAsync())
{
    bool match = wanted is null ? series is null || Total(s) > Total(series) : $"{s.Key.Sku}/{s.Key.Region}" == wanted;
    if (match)
    {
        series = s;
    }
}

if (series is null)
{
    Console.Error.WriteLine(wanted is null ? "ssa-decomposition: the store has no demand" : $"ssa-decomposition: no series {wanted} (give SKU/REGION)");
    return 1;
}

const int Horizon = 28, Season = 7, Shown = 12;
double[] x = series.Values.ToArray();
var choice = SsaDiagnostics.Choose(x, Horizon, Season);
int window = choice?.Window ?? Math.Min(28, x.Length / 2);
var d = SsaDecomposition.Of(x, window, Math.Min(Shown, window));

// Grouping as an analyst reads it: component 0 is the level/trend; a neighbour with |w-correlation| >= 0.5 forms a
// seasonal pair with it; the rest up to the chosen rank is "other signal"; beyond the rank is residual.
int rank = choice?.Rank ?? 1;
var groups = new List<(string Name, List<int> Members)> { ("trend (1)", [0]) };
for (int c = 1; c < Math.Min(rank, d.Components.Count); c++)
{
    if (c + 1 < Math.Min(rank, d.Components.Count) && d.WCorrelation(c, c + 1) >= 0.5)
    {
        groups.Add(($"seasonal pair ({c + 1},{c + 2})", [c, c + 1]));
        c++;
    }
    else
    {
        groups.Add(($"component {c + 1}", [c]));
    }
}

int n = x.Length, take = Math.Min(n, 182);
var labels = Enumerable.Range(n - take, take).Select(i => series.PeriodStart(i).ToString("MM-dd", CultureInfo.InvariantCulture)).ToList();
double[] Sum(IEnumerable<int> members)
{
    var total = new double[n];
    foreach (int m in members)
    {
        for (int t = 0; t < n; t++) { total[t] += d.Components[m][t]; }
    }

    return total;
}

List<double?> Last(double[] values) => [.. values[(n - take)..].Select(v => (double?)v)];
var signal = Sum(Enumerable.Range(0, Math.Min(rank, d.Components.Count)));
var residual = x.Select((v, t) => v - signal[t]).ToArray();
string[] colours = [ReportPalette.Forecast, ReportPalette.Baseline, ReportPalette.Alternative, ReportPalette.Alert, "#cc79a7", ReportPalette.Interval];

var sections = new List<ReportSection>
{
    new KeyValueSummary($"{series.Key.Sku} in {series.Key.Region}", [
        new("days", n.ToString(CultureInfo.InvariantCulture)),
        new("units", Total(series).ToString("N0", CultureInfo.InvariantCulture)),
        new("chosen window L", choice is null ? $"(SSA falls back; shown with L = {window})" : window.ToString(CultureInfo.InvariantCulture)),
        new("chosen rank r", choice?.Rank.ToString(CultureInfo.InvariantCulture) ?? "-"),
        new("share of the first r eigenvalues", Enumerable.Range(0, Math.Min(rank, window)).Sum(d.Share).ToString("P1", CultureInfo.InvariantCulture)),
    ]),
    new SeriesChart("The series and its rank-r reconstruction (last 26 weeks)", "day", "units", labels,
        [new ChartLine("units", Last(x), ReportPalette.Actual), new ChartLine($"reconstruction (r = {rank})", Last(signal), ReportPalette.Forecast)], []),
    new SeriesChart("Grouped components (last 26 weeks)", "day", "units", labels,
        [.. groups.Select((g, i) => new ChartLine(g.Name, Last(Sum(g.Members)), colours[i % colours.Length]))], []),
    new SeriesChart("Residual: the series minus the rank-r reconstruction (last 26 weeks)", "day", "units", labels,
        [new ChartLine("residual", Last(residual), ReportPalette.Alert)], []),
    new SeriesChart("Eigenvalue spectrum: each eigentriple's share of the trajectory's squared norm (first 12)", "eigentriple", "share",
        [.. Enumerable.Range(1, d.Components.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))],
        [new ChartLine("share", [.. Enumerable.Range(0, d.Components.Count).Select(i => (double?)d.Share(i))], ReportPalette.Forecast)], []),
    new ReportTable("w-correlations of the first components (1 = inseparable, 0 = separable)",
        ["", .. Enumerable.Range(1, d.Components.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))],
        [.. Enumerable.Range(0, d.Components.Count).Select(i => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture),
            .. Enumerable.Range(0, d.Components.Count).Select(j => d.WCorrelation(i, j).ToString("0.00", CultureInfo.InvariantCulture))])]),
};
await notebook.WriteAsync($"SSA decomposition of {series.Key.Sku} in {series.Key.Region}", sections);
return 0;

static double Total(DemandSeries s)
{
    double sum = 0;
    foreach (double v in s.Values) { sum += v; }
    return sum;
}
