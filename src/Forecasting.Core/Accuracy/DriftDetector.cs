using System.Globalization;

namespace Forecasting.Core.Accuracy;

/// <summary>A segment whose accuracy is out of bounds now: WAPE drifting above its baseline, or coverage off target.</summary>
public sealed record DriftCondition(string Kind, string Dimension, string Segment, double Value, double Baseline, string Message)
{
    public const string WapeDrift = "wape-drift";
    public const string Coverage = "coverage";
}

/// <summary>
/// Judges segments (each value of one dimension) on their recent window against their trailing baseline
/// (<see cref="DriftOptions"/>): recent WAPE worse than baseline x (1 + margin), or recent p10-p90 coverage
/// outside [low, high]. Segments with too little recent volume are not judged.
/// </summary>
public static class DriftDetector
{
    public static IReadOnlyList<DriftCondition> Evaluate(string dimension, IReadOnlyDictionary<string, AccuracySums> recent, IReadOnlyDictionary<string, AccuracySums> baseline, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        var conditions = new List<DriftCondition>();
        foreach (var (segment, now) in recent.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (now.AbsActual >= options.MinRecentUnits && baseline.TryGetValue(segment, out var before) && before.AbsActual >= options.MinRecentUnits
                && now.Wape > before.Wape * (1 + options.WapeMargin))
            {
                conditions.Add(new DriftCondition(DriftCondition.WapeDrift, dimension, segment, now.Wape, before.Wape, string.Create(CultureInfo.InvariantCulture,
                    $"{dimension} {segment}: WAPE {now.Wape:F3} over the last {options.RecentDays} days vs {before.Wape:F3} over the {options.BaselineDays} days before (margin {options.WapeMargin:P0})")));
            }

            if (now.Rows >= options.MinRecentRows && (now.Coverage < options.CoverageLow || now.Coverage > options.CoverageHigh))
            {
                conditions.Add(new DriftCondition(DriftCondition.Coverage, dimension, segment, now.Coverage, baseline.TryGetValue(segment, out var b) ? b.Coverage : double.NaN, string.Create(CultureInfo.InvariantCulture,
                    $"{dimension} {segment}: p10-p90 coverage {now.Coverage:F3} over the last {options.RecentDays} days, outside {options.CoverageLow:F2}-{options.CoverageHigh:F2}")));
            }
        }

        return conditions;
    }
}
