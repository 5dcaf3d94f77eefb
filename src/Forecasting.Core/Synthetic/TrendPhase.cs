namespace Forecasting.Core.Synthetic;

/// <summary>Where a planted trend stands on a given day: what the emerging-items ranking is measured against.</summary>
public static class TrendPhase
{
    /// <summary>Days after its midpoint at which a logistic step of the generator's scale has done 90 % of its rise
    /// (scale x ln 9, about 3.3 days).</summary>
    public static double NinetyPercentDays { get; } = SyntheticPlatform.TrendStepScaleDays * Math.Log(9);

    /// <summary>
    /// True when, on <paramref name="day"/>, the item's interest has started rising in at least one region (its
    /// midpoint passed) and its sales ramp has not finished in every region: in some region the units lift is below
    /// 90 % of its height. Such an item's demand has not fully arrived yet.
    /// </summary>
    public static bool SalesRampUnderWay(TrendTruth trend, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(trend);
        int start = trend.InterestStart.DayNumber, today = day.DayNumber;
        bool interestStarted = trend.RegionDelays.Any(delay => today >= start + delay);
        bool salesUnfinished = trend.RegionDelays.Any(delay => today < start + delay + trend.LeadDays + NinetyPercentDays);
        return interestStarted && salesUnfinished;
    }

    /// <summary>Share of <paramref name="skus"/> that are planted trend items with their sales ramp under way on <paramref name="day"/>.</summary>
    public static double Precision(IReadOnlyCollection<string> skus, GroundTruth truth, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(skus);
        ArgumentNullException.ThrowIfNull(truth);
        if (skus.Count == 0)
        {
            return double.NaN;
        }

        var trends = truth.Items.Where(i => i.Trend is not null).ToDictionary(i => i.Sku, i => i.Trend!, StringComparer.Ordinal);
        return skus.Count(s => trends.TryGetValue(s, out var t) && SalesRampUnderWay(t, day)) / (double)skus.Count;
    }

    /// <summary>How many planted trend items have their sales ramp under way on <paramref name="day"/>.</summary>
    public static int UnderWay(GroundTruth truth, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(truth);
        return truth.Items.Count(i => i.Trend is { } t && SalesRampUnderWay(t, day));
    }
}
