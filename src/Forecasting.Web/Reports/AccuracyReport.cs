using System.Globalization;
using System.Text;
using Forecasting.Core.Accuracy;
using Forecasting.Pipeline.Scoring;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Reports;

/// <summary>Stored accuracy gathered for a report: overall, by segment, weekly by model, the alerts and the planners' edits.</summary>
public sealed record AccuracyReportData(
    AccuracySums Overall,
    IReadOnlyDictionary<string, IReadOnlyList<AccuracyRow>> BySegment,
    IReadOnlyList<AccuracyRow> WeeklyByModel,
    IReadOnlyList<AccuracyAlert> Alerts,
    EditValue Edits)
{
    /// <summary>The segment tables of the report and CSV, in order.</summary>
    public static IReadOnlyList<string[]> Groupings { get; } = [["bucket"], ["model"], ["model", "bucket"], ["region"], ["category"], ["abc"], ["week"]];

    public static async Task<AccuracyReportData> LoadAsync(IForecastingStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var overall = (await store.QueryAccuracyAsync(new AccuracyQuery([]), cancellationToken)).SingleOrDefault()?.Sums ?? default;
        var bySegment = new Dictionary<string, IReadOnlyList<AccuracyRow>>(StringComparer.Ordinal);
        foreach (var grouping in Groupings)
        {
            var rows = await store.QueryAccuracyAsync(new AccuracyQuery(grouping), cancellationToken);
            // Horizon buckets in horizon order (1-7, 8-14, 15-28, 29+), not text order.
            bySegment[string.Join(" x ", grouping)] = [.. rows.OrderBy(r => string.Join('\u001f', grouping.Select(d => d == "bucket" ? HorizonBucket.Order(r.Segment[d]).ToString(CultureInfo.InvariantCulture) : r.Segment[d])), StringComparer.Ordinal)];
        }

        return new AccuracyReportData(overall, bySegment, await store.QueryAccuracyAsync(new AccuracyQuery(["week", "model"]), cancellationToken),
            await store.ListAlertsAsync(false, cancellationToken), await new EditValueService(store).MeasureAsync(cancellationToken));
    }
}

/// <summary>Turns stored accuracy into report sections (HTML) and a long CSV: one row per segment of every grouping.</summary>
public static class AccuracyReport
{
    public static readonly string[] MetricColumns = ["rows", "actual units", "WAPE", "MASE (m=7)", "bias", "coverage p10-p90", "pinball", "naive WAPE", "value added"];

    public static IReadOnlyList<ReportSection> Sections(AccuracyReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = data.Overall;
        var sections = new List<ReportSection>
        {
            new KeyValueSummary("Forecasts as issued, scored against actuals", [
                new("days scored", N(o.Rows)), new("WAPE", F(o.Wape)), new("MASE (m=7)", F(o.Mase)), new("bias", F(o.Bias)),
                new("coverage p10-p90 (target 0.80)", F(o.Coverage)), new("naive WAPE", F(o.NaiveWape)), new("value added vs naive", F(o.ValueAdded)),
                new("open alerts", N(data.Alerts.Count(a => a.Status == AccuracyAlert.Open))),
            ]),
        };
        foreach (var (name, rows) in data.BySegment)
        {
            sections.Add(new ReportTable($"Accuracy by {name}", [.. name.Split(" x "), .. MetricColumns], [.. rows.Select(r => Row(r, name.Split(" x ")))], HighlightColumn: name.Split(" x ").Length + 2));
        }

        var weeks = data.WeeklyByModel.Select(r => r.Segment["week"]).Distinct().Order(StringComparer.Ordinal).ToList();
        if (weeks.Count > 0)
        {
            string[] colours = [ReportPalette.Forecast, ReportPalette.Alternative, ReportPalette.Alert, ReportPalette.Actual];
            var models = data.WeeklyByModel.Select(r => r.Segment["model"]).Distinct().Order(StringComparer.Ordinal).ToList();
            var lines = models.Select((model, i) => new ChartLine($"{model} WAPE", Weekly(data, weeks, model, s => s.Wape), colours[i % colours.Length])).ToList();
            lines.Add(new ChartLine("naive WAPE", Weekly(data, weeks, null, s => s.NaiveWape), ReportPalette.Baseline, Dashed: true));
            sections.Add(new SeriesChart("WAPE by target week: each model against the seasonal-naive benchmark", "week", "WAPE", weeks, lines, []));
            sections.Add(new SeriesChart("p10-p90 coverage by target week (target 0.80)", "week", "coverage",
                weeks, [.. models.Select((model, i) => new ChartLine(model, Weekly(data, weeks, model, s => s.Coverage), colours[i % colours.Length]))], []));
        }

        sections.Add(new ReportTable("Alerts (drift of WAPE over the 8-week baseline, or p10-p90 coverage off 0.70-0.90)",
            ["status", "kind", "dimension", "segment", "raised (day)", "last judged", "value", "baseline", "message"],
            [.. data.Alerts.OrderByDescending(a => a.Status == AccuracyAlert.Open).ThenByDescending(a => a.Id).Select(a => (IReadOnlyList<string>)[
                a.Status, a.Kind, a.Dimension, a.Segment, D(a.RaisedDay), D(a.LastDay), F(a.Value), F(a.Baseline), a.Message])]));
        var e = data.Edits;
        sections.Add(new KeyValueSummary("Planners' edits against the engine (stock position vs demand over the protection window)", [
            new("edited proposals", N(e.Edits)), new("judged (window has actuals)", N(e.Judged.Count)), new("edits closer to demand", N(e.Improved)),
            new("engine gap (units)", F(e.EngineError)), new("planners' gap (units)", F(e.PlannerError)), new("value added by edits", F(e.ValueAdded)),
        ]));
        return sections;
    }

    /// <summary>The report as CSV: grouping, segment, then the metrics (invariant culture, empty when undefined).</summary>
    public static string Csv(AccuracyReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var csv = new StringBuilder("grouping,segment,rows,actual,wape,mase,bias,coverage,pinball,naive_wape,value_added\n");
        void Line(string grouping, string segment, AccuracySums s) => csv.Append(CultureInfo.InvariantCulture,
            $"{grouping},{Quote(segment)},{s.Rows},{s.Actual},{C(s.Wape)},{C(s.Mase)},{C(s.Bias)},{C(s.Coverage)},{C(s.Pinball)},{C(s.NaiveWape)},{C(s.ValueAdded)}\n");
        Line("overall", "all", data.Overall);
        foreach (var (name, rows) in data.BySegment)
        {
            foreach (var row in rows)
            {
                Line(name.Replace(" x ", "+", StringComparison.Ordinal), string.Join(" / ", row.Segment.Values), row.Sums);
            }
        }

        foreach (var row in data.WeeklyByModel)
        {
            Line("week+model", string.Join(" / ", row.Segment.Values), row.Sums);
        }

        return csv.ToString();
    }

    public static IReadOnlyList<string> Row(AccuracyRow row, IReadOnlyList<string> dimensions)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(dimensions);
        var s = row.Sums;
        return [.. dimensions.Select(d => row.Segment[d]), N(s.Rows), N(s.Actual), F(s.Wape), F(s.Mase), F(s.Bias), F(s.Coverage), F(s.Pinball), F(s.NaiveWape), F(s.ValueAdded)];
    }

    private static List<double?> Weekly(AccuracyReportData data, List<string> weeks, string? model, Func<AccuracySums, double> metric)
    {
        var byWeek = new Dictionary<string, AccuracySums>(StringComparer.Ordinal);
        foreach (var row in data.WeeklyByModel.Where(r => model is null || r.Segment["model"] == model))
        {
            var sums = byWeek.GetValueOrDefault(row.Segment["week"]);
            sums.Add(row.Sums);
            byWeek[row.Segment["week"]] = sums;
        }

        return [.. weeks.Select(w => byWeek.TryGetValue(w, out var s) && double.IsFinite(metric(s)) ? metric(s) : (double?)null)];
    }

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string C(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string F(double value) => double.IsFinite(value) ? value.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string D(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
