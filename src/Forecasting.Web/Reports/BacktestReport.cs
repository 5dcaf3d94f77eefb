using System.Globalization;
using Forecasting.Pipeline.Evaluation;

namespace Forecasting.Web.Reports;

/// <summary>Turns a back-test into report sections: the accuracy table and one chart per example series.</summary>
public static class BacktestReport
{
    public static ReportTable AccuracyTable(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = result.Models.Select(m => (IReadOnlyList<string>)
        [
            m.Model, N(m.Series), N(m.Rows), F(m.Wape), F(m.Mase), F(m.Rmse), F(m.Bias), F(m.Coverage), F(m.Pinball),
            m.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
        ]).ToList();
        return new ReportTable(
            $"Accuracy on the last {result.Horizon} days held back (cut-off {result.Cutoff:yyyy-MM-dd}); coverage of p10-p90 targets 0.80",
            ["model", "series", "rows", "WAPE", "MASE (m=7)", "RMSE", "bias", "coverage p10-p90", "pinball", "fit s"],
            rows,
            HighlightColumn: 3);
    }

    /// <summary>How often each model was used per forecaster (automatic selection's choices, fallbacks).</summary>
    public static ReportTable ModelsUsedTable(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = result.Models
            .SelectMany(m => m.ModelsUsed.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (IReadOnlyList<string>)[m.Model, p.Key, N(p.Value), (p.Value / (double)Math.Max(1, m.Series)).ToString("P1", CultureInfo.InvariantCulture)]))
            .ToList();
        return new ReportTable("Models used per forecaster (automatic selection's choices and fallbacks)", ["forecaster", "model used", "series", "share"], rows);
    }

    public static IEnumerable<SeriesChart> ExampleCharts(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string best = result.Best.Model;
        string[] colours = [ReportPalette.Forecast, ReportPalette.Baseline, ReportPalette.Alternative, ReportPalette.Alert];
        foreach (var example in result.Examples)
        {
            int history = example.History.Count, total = history + example.Actuals.Count;
            var labels = Enumerable.Range(0, total).Select(i => example.HistoryStart.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
            var actual = example.History.Concat(example.Actuals).Select(v => (double?)v).ToList();
            var lines = new List<ChartLine> { new("actual units", actual, ReportPalette.Actual) };
            var bands = new List<ChartBand>();
            for (int k = 0; k < example.Forecasts.Count; k++)
            {
                var forecast = example.Forecasts[k];
                lines.Add(new ChartLine(forecast.Model + " forecast", Ahead(history, forecast.Mean.ToArray()), colours[k % colours.Length], Dashed: true));
                if (result.Models[k].Model == best && forecast.QuantileLevels.Contains(0.1) && forecast.QuantileLevels.Contains(0.9))
                {
                    bands.Add(new ChartBand($"{forecast.Model} p10-p90", Ahead(history, forecast.Quantile(0.1).ToArray()), Ahead(history, forecast.Quantile(0.9).ToArray()), ReportPalette.Interval));
                }
            }

            yield return new SeriesChart($"{example.Key.Sku} in {example.Key.Region}: {example.Why}", "day", "units", labels, lines, bands);
        }
    }

    private static List<double?> Ahead(int history, double[] values) =>
        [.. Enumerable.Repeat<double?>(null, history), .. values.Select(v => (double?)v)];

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F3", CultureInfo.InvariantCulture);
}
