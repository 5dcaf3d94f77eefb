namespace Forecasting.Core.Trends;

/// <summary>
/// Turns weekly totals (as the store sums them) into <see cref="TrendWeek"/>s: conversion, return rate and growth
/// against the 4 weeks before and the same week a year before. Weeks of a group without a row are zero; weeks
/// before <c>firstWeek</c> (not in the data) make a growth that needs them null.
/// </summary>
public static class TrendWeeks
{
    /// <summary>Weeks back of "the same week last year": 52 ISO weeks, so the weekdays line up.</summary>
    public const int YearWeeks = 52;

    /// <summary>Weeks averaged for the short-term growth.</summary>
    public const int RecentWeeks = 4;

    /// <param name="totals">The group's totals by Monday (must include the 4 weeks before and the year-ago weeks when the data has them).</param>
    /// <param name="weeks">The Mondays to describe, oldest first.</param>
    /// <param name="firstWeek">Monday of the first complete week in the data.</param>
    public static IReadOnlyList<TrendWeek> Describe(IReadOnlyDictionary<DateOnly, TrendTotals> totals, IReadOnlyList<DateOnly> weeks, DateOnly firstWeek)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(weeks);
        TrendTotals At(DateOnly week) => totals.TryGetValue(week, out var t) ? t : default;
        var described = new List<TrendWeek>(weeks.Count);
        foreach (var week in weeks)
        {
            var now = At(week);
            TrendTotals? before = null;
            if (week.AddDays(-7 * RecentWeeks) >= firstWeek)
            {
                before = Enumerable.Range(1, RecentWeeks).Select(k => At(week.AddDays(-7 * k))).Aggregate((a, b) => a + b);
            }

            TrendTotals? lastYear = week.AddDays(-7 * YearWeeks) >= firstWeek ? At(week.AddDays(-7 * YearWeeks)) : null;
            described.Add(new TrendWeek(
                week,
                now,
                Ratio(now.Returns, now.Units),
                Ratio(now.Units, now.Views),
                Ratio(now.Units, now.CartAdds),
                before is { } b ? Growth(now.Units, b.Units / (double)RecentWeeks) : null,
                lastYear is { } y ? Growth(now.Units, y.Units) : null,
                before is { } bi ? Growth(now.Interest, bi.Interest / (double)RecentWeeks) : null,
                lastYear is { } yi ? Growth(now.Interest, yi.Interest) : null));
        }

        return described;
    }

    /// <summary><paramref name="value"/> / <paramref name="reference"/> - 1, null when the reference is 0.</summary>
    public static double? Growth(double value, double reference) => reference > 0 ? (value / reference) - 1 : null;

    private static double? Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : null;
}
