using Forecasting.Core.Domain;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Evaluation;

/// <summary>Segments of a platform evaluation. A series is in <see cref="All"/>, in one ABC class, and in
/// trend and/or launch, or else in steady.</summary>
public enum PlatformSegment
{
    All,

    /// <summary>A planted trend whose units ramp (interest start + region delay + lead) begins within the
    /// hold-out or up to 14 days before it.</summary>
    Trend,

    /// <summary>Launched within 60 days before the cut-off.</summary>
    Launch,

    /// <summary>Neither trend nor launch.</summary>
    Steady,

    /// <summary>Series making the first 80 % of the revenue before the cut-off (by revenue, descending).</summary>
    A,

    /// <summary>The next 15 %.</summary>
    B,

    /// <summary>The last 5 %.</summary>
    C,
}

/// <summary>Assigns every series of a synthetic platform to its <see cref="PlatformSegment"/>s from the ground truth.</summary>
public static class PlatformSegments
{
    /// <summary>Days before the hold-out in which a units ramp still counts as a trend to anticipate.</summary>
    public const int TrendLookbackDays = 14;

    /// <summary>Days before the cut-off in which a launch counts as new.</summary>
    public const int LaunchWindowDays = 60;

    /// <param name="history">The series cut at <paramref name="cutoff"/> (revenue is counted on them).</param>
    /// <param name="cutoff">Last day known to the forecasts.</param>
    /// <param name="holdoutDays">Days after the cut-off scored.</param>
    public static IReadOnlyDictionary<SeriesKey, PlatformSegment[]> Assign(IReadOnlyList<DemandSeries> history, IReadOnlyList<CatalogItem> catalog, GroundTruth truth, DateOnly cutoff, int holdoutDays)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(truth);
        var items = truth.Items.ToDictionary(i => i.Sku, StringComparer.Ordinal);
        var price = catalog.ToDictionary(c => c.Sku, c => (double)(c.Price ?? 0), StringComparer.Ordinal);
        var regionIndex = truth.Regions.Select((r, k) => (r.Region, k)).ToDictionary(p => p.Region, p => p.k, StringComparer.Ordinal);
        var abc = AbcClasses(history, price);
        var result = new Dictionary<SeriesKey, PlatformSegment[]>(history.Count);
        foreach (var series in history)
        {
            var segments = new List<PlatformSegment> { PlatformSegment.All };
            bool trend = false, launch = false;
            if (items.TryGetValue(series.Key.Sku, out var item))
            {
                if (item.Trend is { } t && regionIndex.TryGetValue(series.Key.Region, out int r))
                {
                    var ramp = t.InterestStart.AddDays(t.RegionDelays[r] + t.LeadDays);
                    trend = ramp > cutoff.AddDays(-TrendLookbackDays) && ramp <= cutoff.AddDays(holdoutDays);
                }

                launch = item.Launch > cutoff.AddDays(-LaunchWindowDays) && item.Launch <= cutoff;
            }

            if (trend)
            {
                segments.Add(PlatformSegment.Trend);
            }

            if (launch)
            {
                segments.Add(PlatformSegment.Launch);
            }

            if (!trend && !launch)
            {
                segments.Add(PlatformSegment.Steady);
            }

            segments.Add(abc[series.Key]);
            result[series.Key] = [.. segments];
        }

        return result;
    }

    private static Dictionary<SeriesKey, PlatformSegment> AbcClasses(IReadOnlyList<DemandSeries> history, Dictionary<string, double> price)
    {
        var revenue = history.Select(s =>
        {
            double units = 0;
            foreach (double v in s.Values)
            {
                units += double.IsFinite(v) ? v : 0;
            }

            return (s.Key, Revenue: units * price.GetValueOrDefault(s.Key.Sku));
        }).OrderByDescending(p => p.Revenue).ThenBy(p => p.Key.Sku, StringComparer.Ordinal).ThenBy(p => p.Key.Region, StringComparer.Ordinal).ToList();
        double total = revenue.Sum(p => p.Revenue), running = 0;
        var classes = new Dictionary<SeriesKey, PlatformSegment>(revenue.Count);
        foreach (var (key, value) in revenue)
        {
            // A series is classed by the cumulative share before it: the one crossing 80 % is still A.
            classes[key] = total <= 0 || running < 0.80 * total ? PlatformSegment.A : running < 0.95 * total ? PlatformSegment.B : PlatformSegment.C;
            running += value;
        }

        return classes;
    }
}
