using System.Diagnostics;
using System.Globalization;
using System.Text;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Hierarchy;
using Forecasting.Storage.Files;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting evaluate --platform DIR --holdout-days 28 --by level</c>: the last days of a generated platform are held
/// out; the automatic pipeline (sales only) forecasts every level directly from its own summed history (the base
/// forecasts), and the levels are reconciled bottom-up, by MinT with the shrunk covariance and by WLS with variance
/// scaling (docs/reconciliation.md). Scored per level: WAPE over the level's series and days, and p10-p90 coverage.
/// </summary>
internal static class LevelEvaluation
{
    private static readonly ReconciliationMethod[] Methods = [ReconciliationMethod.BottomUp, ReconciliationMethod.MinTShrink, ReconciliationMethod.WlsVariance];

    public static int Run(IAnsiConsole console, string folder, int holdoutDays, int errorLag, string? output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var platform = PlatformHistory.Read(folder, cancellationToken);
        var (cutoff, history, actuals) = PlatformEvaluation.HoldOut(platform, holdoutDays);
        var categoryOf = platform.Catalog.ToDictionary(c => c.Sku, c => c.Category, StringComparer.Ordinal);
        var parents = HierarchyLevels.All.Skip(1).ToList();
        var levels = new LevelHistory(categoryOf, history.Min(s => s.Start), cutoff, parents, errorLag: errorLag);
        foreach (var series in history)
        {
            levels.Add(series);
        }

        console.MarkupLineInterpolated($"read {folder}: {history.Count:N0} series launched by the cut-off {cutoff:yyyy-MM-dd}, {holdoutDays} days held out ({clock.Elapsed.TotalSeconds:F1} s)");
        var request = new ForecastRequest { Horizon = holdoutDays, SeasonLength = 7 };
        clock.Restart();
        var model = new AutoForecaster();
        var bottomForecasts = model.Forecast(history, request, cancellationToken: cancellationToken);
        var bottom = bottomForecasts.Select(f => new LevelForecast(HierarchyKey.Of(HierarchyLevel.SkuRegion, f.Key.Sku, levels.CategoryOf(f.Key.Sku), f.Key.Region),
            f.Mean.ToArray(), f.Quantile(0.1).ToArray(), f.Quantile(0.5).ToArray(), f.Quantile(0.9).ToArray())).ToList();
        var direct = levels.ForecastDirectly(parents, model, request, cancellationToken);
        foreach (var b in bottom)
        {
            direct[b.Key] = b;
        }

        console.MarkupLineInterpolated($"base forecasts of {bottom.Count:N0} series and {direct.Count - bottom.Count:N0} parents: {clock.Elapsed.TotalSeconds:F1} s");
        var hierarchy = new ForecastHierarchy([.. bottom.Select(b => (b.Key.Sku!, b.Key.Region!, b.Key.Category!))]);
        var errors = bottom.Select(b => levels.ErrorsOf(new SeriesKey(b.Key.Sku!, b.Key.Region!))).ToList();
        var actualBottom = bottom.Select(b => actuals[new SeriesKey(b.Key.Sku!, b.Key.Region!)]).ToList();
        var actual = HierarchyLevels.All.SelectMany(l => hierarchy.Sum(l, actualBottom)).ToDictionary(a => a.Key, a => a.Values);
        var results = new Dictionary<string, IReadOnlyDictionary<HierarchyKey, LevelForecast>> { ["base"] = direct };
        foreach (var method in Methods)
        {
            clock.Restart();
            results[method.Name()] = new HierarchyReconciler(method).Reconcile(hierarchy, bottom, errors, direct).ToDictionary(f => f.Key);
            console.MarkupLineInterpolated($"{method.Name()}: {clock.Elapsed.TotalSeconds:F2} s");
        }

        var table = new Table().AddColumns(["level", "series", .. results.Keys.Select(k => $"WAPE {k}"), .. results.Keys.Select(k => $"coverage {k}")]);
        var csv = new StringBuilder("level,series,forecasts,wape,coverage\n");
        foreach (var level in HierarchyLevels.All)
        {
            var keys = hierarchy.Level(level).Select(n => n.Key).ToList();
            var scores = results.ToDictionary(r => r.Key, r => Score(keys, r.Value, actual));
            table.AddRow([level.Name(), keys.Count.ToString("N0", CultureInfo.InvariantCulture), .. scores.Values.Select(s => F(s.Wape)), .. scores.Values.Select(s => F(s.Coverage))]);
            foreach (var (name, s) in scores)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{level.Name().Replace(',', ' ')},{keys.Count},{name},{s.Wape:R},{s.Coverage:R}\n");
            }
        }

        console.Write(table);
        if (output is not null)
        {
            File.WriteAllText(output, csv.ToString());
            console.MarkupLineInterpolated($"wrote {output}");
        }

        return 0;
    }

    private static (double Wape, double Coverage) Score(IReadOnlyList<HierarchyKey> keys, IReadOnlyDictionary<HierarchyKey, LevelForecast> forecasts, Dictionary<HierarchyKey, double[]> actual)
    {
        double error = 0, total = 0;
        int inside = 0, count = 0;
        foreach (var key in keys)
        {
            var f = forecasts[key];
            var a = actual[key];
            for (int h = 0; h < a.Length; h++)
            {
                error += Math.Abs(a[h] - f.Mean[h]);
                total += a[h];
                inside += a[h] >= f.P10[h] && a[h] <= f.P90[h] ? 1 : 0;
                count++;
            }
        }

        return (total > 0 ? error / total : double.NaN, count > 0 ? (double)inside / count : double.NaN);
    }

    private static string F(double value) => double.IsNaN(value) ? "" : value.ToString("F3", CultureInfo.InvariantCulture);
}
