#!/usr/bin/env dotnet
// What was planted in a generated platform against what the data lets us recover: each region's weekday profile,
// and for every trend item the lead of interest over sales (cross-correlation of the 7-day sums).
// Needs the generator's truth, so it always generates its platform.
// Run: dotnet run notebooks/planted-truth.cs [-- --out planted-truth.html] [--seed N]
#:project ../src/Forecasting.Web/Forecasting.Web.csproj
#:property PublishAot=false

using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Web.Reports;

if (args.Contains("--db"))
{
    Console.Error.WriteLine("planted-truth: compares with the generator's truth, so it generates its own platform (--db is not accepted)");
    return 1;
}

await using var notebook = await Notebook.OpenAsync("planted-truth", args, new SeasonalNaiveForecaster()); // only the demand is read
if (notebook is null)
{
    return 2;
}

var platform = notebook.Sample!.Platform;
var truth = platform.Truth;
var units = new Dictionary<SeriesKey, double[]>();
var interest = new Dictionary<SeriesKey, double[]>();
var start = truth.Options.Start;
int days = truth.Options.Days;
await foreach (var s in notebook.Store.ReadDailySeriesWithSignalsAsync(null, null))
{
    int offset = s.Series.Start.DayNumber - start.DayNumber;
    var u = new double[days];
    var v = new double[days];
    for (int t = 0; t < s.Series.Length; t++)
    {
        u[offset + t] = s.Series.Values[t];
        if (s.Signals is { } signals)
        {
            for (int c = 0; c < signals.ColumnCount; c++) { v[offset + t] += signals.Column(c)[t]; }
        }
    }

    units[s.Series.Key] = u;
    interest[s.Series.Key] = v;
}

// Weekday profile per region: mean units on each weekday over the mean day, Monday first (truth: mean 1).
var weekdayRows = new List<IReadOnlyList<string>>();
var weekdayCharts = new List<ReportSection>();
string[] weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
double worst = 0;
foreach (var region in truth.Regions)
{
    var byDay = new double[7];
    var count = new int[7];
    for (int t = 0; t < days; t++)
    {
        int w = ((int)start.AddDays(t).DayOfWeek + 6) % 7;
        byDay[w] += units.Where(k => k.Key.Region == region.Region).Sum(k => k.Value[t]);
        count[w]++;
    }

    double[] mean = [.. byDay.Select((v, w) => v / count[w])];
    double overall = mean.Average();
    double[] recovered = [.. mean.Select(m => m / overall)];
    worst = Math.Max(worst, recovered.Zip(region.WeekdayProfile).Max(p => Math.Abs(p.First - p.Second)));
    weekdayRows.Add([region.Region, .. Enumerable.Range(0, 7).Select(w => $"{region.WeekdayProfile[w]:0.00} / {recovered[w]:0.00}")]);
    if (weekdayCharts.Count < 2)
    {
        weekdayCharts.Add(new SeriesChart($"Weekday profile in {region.Region}: planted and recovered", "weekday", "multiplier", weekdays,
            [new ChartLine("planted", [.. region.WeekdayProfile.Select(v => (double?)v)], ReportPalette.Actual), new ChartLine("recovered from units", [.. recovered.Select(v => (double?)v)], ReportPalette.Forecast, Dashed: true)], []));
    }
}

// Lead of interest over units for each trend item: the day each one's 7-day sum first crosses halfway from its level
// before the trend to its level after (all regions summed; both smoothed alike), units' day minus interest's day.
var leadRows = new List<(string Sku, int Planted, int Recovered, double InterestLift, double UnitsLift)>();
foreach (var item in truth.Items.Where(i => i.Trend is not null))
{
    var trend = item.Trend!;
    int s0 = trend.InterestStart.DayNumber - start.DayNumber, from = s0 - 21, to = s0 + trend.LeadDays + trend.RegionDelays.Max() + 35;
    if (from < 7 || to >= days)
    {
        continue; // the trend is cut by the history's ends
    }

    var u = Total(units, item.Sku);
    var v = Total(interest, item.Sku);
    var (interestDay, interestLift) = Crossing(v, from, s0, to);
    var (unitsDay, unitsLift) = Crossing(u, from, s0, to);
    if (interestDay is null || unitsDay is null)
    {
        continue; // no visible step (the item was not selling then, or the lift is lost in the noise)
    }

    leadRows.Add((item.Sku, trend.LeadDays, unitsDay.Value - interestDay.Value, interestLift, unitsLift));
}

double meanError = leadRows.Count == 0 ? double.NaN : leadRows.Average(r => Math.Abs(r.Recovered - r.Planted));
var ordered = leadRows.OrderBy(r => r.Planted).ThenBy(r => r.Sku, StringComparer.Ordinal).ToList();
List<ReportSection> sections =
[
    new KeyValueSummary("Recovered against planted", [
        new("regions", truth.Regions.Count.ToString(CultureInfo.InvariantCulture)),
        new("largest weekday multiplier error", worst.ToString("0.000", CultureInfo.InvariantCulture)),
        new("trend items with a visible whole trend in the history", leadRows.Count.ToString(CultureInfo.InvariantCulture)),
        new("mean |recovered - planted| lead", double.IsFinite(meanError) ? meanError.ToString("0.0", CultureInfo.InvariantCulture) + " days" : "-"),
    ]),
    .. weekdayCharts,
    new ReportTable("Weekday multipliers per region: planted / recovered", ["region", .. weekdays], weekdayRows),
    new SeriesChart("Lead of interest over sales per trend item: planted and recovered (items by planted lead)", "item", "days",
        [.. ordered.Select(r => r.Sku)],
        [new ChartLine("planted", [.. ordered.Select(r => (double?)r.Planted)], ReportPalette.Actual), new ChartLine("recovered", [.. ordered.Select(r => (double?)r.Recovered)], ReportPalette.Forecast, Dashed: true)], []),
    new ReportTable("Trend items: planted and recovered lead", ["SKU", "planted lead (days)", "recovered lead (days)", "interest after / before", "units after / before"],
        [.. ordered.Select(r => (IReadOnlyList<string>)[r.Sku, r.Planted.ToString(CultureInfo.InvariantCulture), r.Recovered.ToString(CultureInfo.InvariantCulture), r.InterestLift.ToString("0.00", CultureInfo.InvariantCulture), r.UnitsLift.ToString("0.00", CultureInfo.InvariantCulture)])]),
];
await notebook.WriteAsync("Planted truth against what the data recovers", sections);
return 0;

static double[] Total(Dictionary<SeriesKey, double[]> bySeries, string sku)
{
    double[]? total = null;
    foreach (var (key, values) in bySeries.Where(k => k.Key.Sku == sku))
    {
        total ??= new double[values.Length];
        for (int t = 0; t < values.Length; t++) { total[t] += values[t]; }
    }

    return total ?? [];
}

static double Week(double[] x, int end)
{
    double sum = 0;
    for (int t = Math.Max(0, end - 6); t <= end && t < x.Length; t++) { sum += x[t]; }
    return sum;
}

// The first day from a week before the trend's start whose 7-day sum is halfway between the level before (the 14
// days ending the week before the start) and after (the last 14 days of the window); null when after < 1.2 x before.
static (int? Day, double Lift) Crossing(double[] x, int from, int start, int to)
{
    double before = Enumerable.Range(from + 7, 14).Average(t => Week(x, t));
    double after = Enumerable.Range(to - 13, 14).Average(t => Week(x, t));
    if (after < 1.2 * before || after <= 0)
    {
        return (null, before > 0 ? after / before : double.NaN);
    }

    for (int t = start - 7; t <= to; t++)
    {
        if (Week(x, t) >= (before + after) / 2)
        {
            return (t, after / Math.Max(before, 1e-9));
        }
    }

    return (null, after / before);
}
