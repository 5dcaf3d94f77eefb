namespace Forecasting.Core.Trends;

/// <summary>
/// The days an emergence score compares: the recent days ending on <see cref="AsOf"/> against the baseline days just
/// before them. Seven recent days hold every weekday once, so the weekly pattern does not move the growth.
/// </summary>
/// <param name="AsOf">The last day looked at (normally the last stored day).</param>
public sealed record InterestWindow(DateOnly AsOf, int RecentDays = 7, int BaselineDays = 28)
{
    /// <summary>Days after launch during which an item is still ramping up (the generator's and a typical launch curve):
    /// an item launched less than this before the baseline starts is not scored, its rise is a launch, not a trend.</summary>
    public const int LaunchRampDays = 14;

    /// <summary>First baseline day.</summary>
    public DateOnly First => AsOf.AddDays(-(RecentDays + BaselineDays - 1));

    /// <summary>First recent day.</summary>
    public DateOnly RecentFirst => AsOf.AddDays(-(RecentDays - 1));

    /// <summary>Latest launch day of an item that is scored.</summary>
    public DateOnly LatestLaunch => First.AddDays(-LaunchRampDays);

    public int Days => RecentDays + BaselineDays;

    public void Validate()
    {
        if (RecentDays is < 1 or > 56 || BaselineDays is < 7 or > 364)
        {
            throw new ArgumentException($"the recent window must be 1-56 days and the baseline 7-364 days (got {RecentDays} and {BaselineDays})");
        }
    }
}

/// <summary>One day of one key (a SKU or an attribute value) in one region, as the store sums it.</summary>
/// <param name="Peer">The group the key is compared with (a SKU's category; one group for attribute values).</param>
/// <param name="Interest">Views + searches + cart adds + wishlist adds (<see cref="TrendTotals.Interest"/>).</param>
public readonly record struct InterestDay(string Key, string Peer, string Region, DateOnly Day, long Units, long Interest);

/// <summary>Which way a ranking looks.</summary>
public enum EmergenceDirection
{
    /// <summary>Interest rising faster than sales: demand that has not arrived yet.</summary>
    Emerging,

    /// <summary>Interest falling faster than sales: demand about to leave.</summary>
    Fading,
}

/// <summary>
/// Why a key is ranked: its score and the evidence behind it. Growths are natural logs of recent over baseline
/// daily rates (0.69 = doubled); rates are per day over all regions.
/// </summary>
/// <param name="Score">Interest growth not (yet) matched by sales growth, in log units, toward the ranking's direction; higher is stronger.</param>
/// <param name="LagDays">Days since interest crossed halfway (geometrically) from its baseline to its recent level and stayed
/// there: how long the sales have lagged so far; null when it had not crossed within the window.</param>
/// <param name="RegionsTurned">Regions whose own interest moved at least <see cref="EmergenceScorer.RegionTurnRatio"/> toward the ranking's direction.</param>
public sealed record EmergenceSignal(
    string Key,
    double Score,
    double InterestGrowth,
    double SalesGrowth,
    int? LagDays,
    IReadOnlyList<string> RegionsTurned,
    int Regions,
    double BaselineInterestPerDay,
    double RecentInterestPerDay,
    double BaselineUnitsPerDay,
    double RecentUnitsPerDay);
