namespace Forecasting.Core.Trends;

/// <summary>Summed demand signals of a group over a period (additive: totals of sub-groups add up).</summary>
public readonly record struct TrendTotals(long Units, long Returns, long Views, long Searches, long CartAdds, long WishlistAdds)
{
    public static TrendTotals operator +(TrendTotals a, TrendTotals b) =>
        new(a.Units + b.Units, a.Returns + b.Returns, a.Views + b.Views, a.Searches + b.Searches, a.CartAdds + b.CartAdds, a.WishlistAdds + b.WishlistAdds);

    /// <summary>Interest: every interaction short of an order (views + searches + cart adds + wishlist adds).</summary>
    public long Interest => Views + Searches + CartAdds + WishlistAdds;
}

/// <summary>
/// One week of a trend: the totals and what designers read from them. A ratio is null where it is undefined:
/// a zero denominator, or a comparison week before the first stored day (the data does not have it).
/// </summary>
/// <param name="Week">Monday of the ISO week.</param>
/// <param name="ReturnRate">Returns / units (returns are booked in the week they come back, units in the week sold).</param>
/// <param name="UnitsPerView">Conversion: units / views.</param>
/// <param name="UnitsPerCartAdd">Conversion: units / cart adds.</param>
/// <param name="UnitsGrowth4Weeks">Units / mean units of the 4 weeks before - 1.</param>
/// <param name="UnitsGrowthYear">Units / units of the same ISO week a year before (52 weeks, same weekdays) - 1.</param>
/// <param name="InterestGrowth4Weeks">Interest (<see cref="TrendTotals.Interest"/>) against the 4 weeks before, as for units.</param>
/// <param name="InterestGrowthYear">Interest against the same week a year before.</param>
public sealed record TrendWeek(
    DateOnly Week,
    TrendTotals Totals,
    double? ReturnRate,
    double? UnitsPerView,
    double? UnitsPerCartAdd,
    double? UnitsGrowth4Weeks,
    double? UnitsGrowthYear,
    double? InterestGrowth4Weeks,
    double? InterestGrowthYear);

/// <summary>A forecast week of a group: the sum of the series' means and an approximate p10-p90 (<see cref="ForecastSpread"/>).</summary>
/// <param name="Days">Forecast days of the week covered by the run (the first and last week may be partial).</param>
public sealed record TrendForecastWeek(DateOnly Week, int Days, double Mean, double P10, double P90);

/// <summary>One group's weeks (oldest first) and its forecast weeks.</summary>
/// <param name="Group">The group's value per grouped dimension (null: an item without that attribute).</param>
public sealed record TrendSeries(IReadOnlyDictionary<TrendDimension, string?> Group, IReadOnlyList<TrendWeek> Weeks, IReadOnlyList<TrendForecastWeek> Forecast);
