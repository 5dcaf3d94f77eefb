using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Profiles;

/// <summary>
/// Day-of-week shares of demand at a parent level (a region, or category x region), looked up per series:
/// the seam through which a forecaster gets a profile that one sparse series cannot show. Shares are
/// indexed by <see cref="DayOfWeek"/> (Sunday = 0) and sum to 1; a weekday the parent never trades on has 0.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ParentWeekdayProfiles
{
    private readonly Func<SeriesKey, string> _parentOf;
    private readonly IReadOnlyDictionary<string, double[]> _shares;

    /// <param name="parentOf">The parent of a series, e.g. its region or "category|region".</param>
    /// <param name="shares">Seven shares (Sunday first) per parent.</param>
    public ParentWeekdayProfiles(Func<SeriesKey, string> parentOf, IReadOnlyDictionary<string, double[]> shares)
    {
        ArgumentNullException.ThrowIfNull(parentOf);
        ArgumentNullException.ThrowIfNull(shares);
        foreach (var (parent, profile) in shares)
        {
            if (profile.Length != 7 || profile.Any(s => !(s >= 0)) || Math.Abs(profile.Sum() - 1) > 1e-6)
            {
                throw new ArgumentException($"The weekday profile of '{parent}' must be 7 non-negative shares summing to 1.", nameof(shares));
            }
        }

        _parentOf = parentOf;
        _shares = shares;
    }

    /// <summary>Days of history (the last year) a profile is measured on.</summary>
    public const int WindowDays = 364;

    /// <summary>
    /// Profiles measured on a batch of daily series: units per weekday over each series' last <see cref="WindowDays"/>
    /// days, summed per parent. Parents that sold nothing get no profile. Weekly series are ignored.
    /// </summary>
    public static ParentWeekdayProfiles Measure(IReadOnlyList<DemandSeries> batch, Func<SeriesKey, string> parentOf)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(parentOf);
        var units = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var series in batch)
        {
            if (series.Granularity != Granularity.Day)
            {
                continue;
            }

            string parent = parentOf(series.Key);
            if (!units.TryGetValue(parent, out var byDay))
            {
                units[parent] = byDay = new double[7];
            }

            var values = series.Values;
            for (int t = Math.Max(0, values.Length - WindowDays); t < values.Length; t++)
            {
                if (double.IsFinite(values[t]) && values[t] > 0)
                {
                    byDay[(int)series.PeriodStart(t).DayOfWeek] += values[t];
                }
            }
        }

        var shares = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (parent, byDay) in units)
        {
            double total = byDay.Sum();
            if (total > 0)
            {
                shares[parent] = [.. byDay.Select(u => u / total)];
            }
        }

        return new ParentWeekdayProfiles(parentOf, shares);
    }

    /// <summary>The region of a series: the default parent.</summary>
    public static string Region(SeriesKey key) => key.Region;

    /// <summary>The parent's shares (Sunday first), or null when the parent has none.</summary>
    public IReadOnlyList<double>? SharesOf(SeriesKey key) => _shares.GetValueOrDefault(_parentOf(key));
}
