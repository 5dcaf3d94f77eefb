using System.Diagnostics;
using System.Globalization;
using System.Text;
using Forecasting.Core.Domain;
using Forecasting.Core.Evaluation;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.ColdStart;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Hierarchy;
using Forecasting.Core.Synthetic;
using Forecasting.Storage.Files;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting evaluate --platform DIR --holdout-days 28 --models sales-only,auto --by segment --out metrics.csv</c>:
/// the last days of a generated platform are held out, the automatic pipeline forecasts them from the rest
/// with signals ignored (<c>sales-only</c>) and with them (<c>auto</c>), and each is scored per segment of
/// the ground truth (<see cref="PlatformSegment"/>); <c>truth</c> scores the generator's expected units (the noise floor).
/// Series not launched by the cut-off are not scored.
/// </summary>
internal static class PlatformEvaluation
{
    public static readonly IReadOnlyList<string> ModelNames = ["sales-only", "auto", "truth"];

    public static int Run(IAnsiConsole console, string folder, int holdoutDays, string models, string by, string? output, ColdStartOptions coldStart, CancellationToken cancellationToken, int errorLag = ForecastErrors.DefaultLag)
    {
        if (by.Equals("level", StringComparison.OrdinalIgnoreCase))
        {
            return LevelEvaluation.Run(console, folder, holdoutDays, errorLag, output, cancellationToken);
        }

        if (!by.Equals("segment", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--by must be 'segment' or 'level' with --platform (was '{by}').");
        }

        if (holdoutDays < 1)
        {
            throw new ArgumentException($"--holdout-days must be at least 1 (was {holdoutDays}).");
        }

        var names = models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0 || names.FirstOrDefault(n => !ModelNames.Contains(n, StringComparer.OrdinalIgnoreCase)) is { } unknown && unknown is not null)
        {
            throw new ArgumentException($"--models with --platform takes {string.Join(", ", ModelNames)} (was '{models}').");
        }

        var clock = Stopwatch.StartNew();
        var platform = PlatformHistory.Read(folder, cancellationToken);
        var (cutoff, history, actuals) = HoldOut(platform, holdoutDays);

        var signals = platform.Signals.Truncated(key => cutoff.DayNumber - (platform.Signals.For(key)?.Start.DayNumber ?? 0) + 1);
        var segments = PlatformSegments.Assign(history, platform.Catalog, platform.Truth, cutoff, holdoutDays);
        console.MarkupLineInterpolated($"read {folder}: {platform.Series.Count:N0} series, {history.Count:N0} launched by the cut-off {cutoff:yyyy-MM-dd}, {holdoutDays} days held out ({clock.Elapsed.TotalSeconds:F1} s)");
        var request = new ForecastRequest { Horizon = holdoutDays, SeasonLength = 7 };
        clock.Restart();
        var salesOnly = new AutoForecaster().Forecast(history, request, cancellationToken: cancellationToken);
        console.MarkupLineInterpolated($"sales-only: {clock.Elapsed.TotalSeconds:F1} s");
        var scores = new List<SegmentScore>();
        foreach (string name in names)
        {
            IReadOnlyList<SeriesForecast> forecasts = salesOnly;
            if (name.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                clock.Restart();
                var (withSignals, report) = new LeadingIndicatorForecaster(new AutoForecaster(), signals).Apply(history, salesOnly, request, cancellationToken);
                console.MarkupLineInterpolated($"auto: leading indicator on {report.SeriesWithSignals:N0} series, {report.TrainingRows:N0} training rows, hold-out WAPE {report.ValidationWapeSales:F3} sales-only against {report.ValidationWapeSignals:F3} with interest, {(report.Used ? "used" : "not used")}, {report.Uplifted:N0} series moved ({clock.Elapsed.TotalSeconds:F1} s)");
                clock.Restart();
                var (coldStarted, cold) = new ColdStartForecaster(platform.Catalog, signals, coldStart).Apply(history, withSignals, request, cancellationToken);
                forecasts = coldStarted;
                console.MarkupLineInterpolated($"auto: cold start for {cold.Forecast:N0} of {cold.Targets:N0} series under {coldStart.MinHistoryDays} days since launch, {cold.MeanAnalogues:F1} analogues on average ({clock.Elapsed.TotalSeconds:F1} s)");
            }

            else if (name.Equals("truth", StringComparison.OrdinalIgnoreCase))
            {
                forecasts = Truth(platform, history, request);
            }

            scores.AddRange(SegmentScores.Score(name.ToLowerInvariant(), forecasts, actuals, segments));
        }

        var table = new Table().AddColumns("model", "segment", "series", "WAPE (series totals)", "bias", "coverage p10-p90", "WAPE (days)");
        foreach (var s in scores)
        {
            table.AddRow(s.Model, Segment(s.Segment), s.Series.ToString("N0", CultureInfo.InvariantCulture), F(s.Wape), F(s.Bias), F(s.Coverage), F(s.DailyWape));
        }

        console.Write(table);
        if (output is not null)
        {
            var csv = new StringBuilder("model,segment,series,wape,bias,coverage\n");
            foreach (var s in scores)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{s.Model},{Segment(s.Segment)},{s.Series},{s.Wape:R},{s.Bias:R},{s.Coverage:R}\n");
            }

            File.WriteAllText(output, csv.ToString());
            console.MarkupLineInterpolated($"wrote {output}");
        }

        return 0;
    }

    /// <summary>The series launched by the cut-off, <paramref name="holdoutDays"/> before the end: their history up to it and
    /// the units held out after it.</summary>
    public static (DateOnly Cutoff, List<DemandSeries> History, Dictionary<SeriesKey, double[]> Actuals) HoldOut(PlatformHistory platform, int holdoutDays)
    {
        var cutoff = platform.Truth.Options.End.AddDays(-holdoutDays);
        var history = new List<DemandSeries>();
        var actuals = new Dictionary<SeriesKey, double[]>();
        foreach (var s in platform.Series)
        {
            int known = cutoff.DayNumber - s.Start.DayNumber + 1;
            if (known < 1 || known + holdoutDays > s.Length)
            {
                continue;
            }

            history.Add(s.Slice(0, known));
            actuals[s.Key] = s.Values.Slice(known, holdoutDays).ToArray();
        }

        return (cutoff, history, actuals);
    }

    /// <summary>
    /// The generator's expected units as the forecast (mean and every quantile): the noise floor no model
    /// can beat, since the realised units are drawn around it. Not a model: a yardstick for the others.
    /// </summary>
    private static List<SeriesForecast> Truth(PlatformHistory platform, List<DemandSeries> history, ForecastRequest request)
    {
        var generator = SyntheticPlatform.Create(platform.Truth.Options);
        var item = platform.Truth.Items.Select((t, i) => (t.Sku, i)).ToDictionary(p => p.Sku, p => p.i, StringComparer.Ordinal);
        var region = platform.Truth.Regions.Select((r, i) => (r.Region, i)).ToDictionary(p => p.Region, p => p.i, StringComparer.Ordinal);
        return [.. history.Select(s =>
        {
            var first = s.PeriodStart(s.Length);
            var mean = Enumerable.Range(0, request.Horizon).Select(t => generator.ExpectedUnits(item[s.Key.Sku], region[s.Key.Region], first.AddDays(t))).ToArray();
            return new SeriesForecast(s.Key, "Truth", s.Granularity, first, mean, request.QuantileLevels, [.. request.QuantileLevels.SelectMany(_ => mean)]);
        })];
    }

    /// <summary>Segment names as written in metrics.csv: all, trend, launch, steady, A, B, C.</summary>
    public static string Segment(PlatformSegment segment) => segment switch
    {
        PlatformSegment.A or PlatformSegment.B or PlatformSegment.C => segment.ToString(),
        _ => segment.ToString().ToLowerInvariant(),
    };

    private static string F(double value) => double.IsNaN(value) ? "" : value.ToString("F3", CultureInfo.InvariantCulture);
}
