namespace Forecasting.Core.Synthetic;

/// <summary>
/// The known truth behind a synthetic platform: every parameter the demand was drawn from. It is
/// written beside the data (<c>truth.json</c>) so that tests and evaluations can check what a model
/// recovers against what was planted.
/// </summary>
public sealed record GroundTruth(
    GeneratorOptions Options,
    IReadOnlyList<RegionTruth> Regions,
    IReadOnlyList<CategoryTruth> Categories,
    IReadOnlyList<SalesEventTruth> SalesEvents,
    IReadOnlyList<ItemTruth> Items);

/// <param name="MarketWeight">Relative size: an item's rate in the region is its base rate times this.</param>
/// <param name="WeekdayProfile">Multiplier per weekday, Monday first, mean 1.</param>
public sealed record RegionTruth(string Region, double MarketWeight, IReadOnlyList<double> WeekdayProfile);

/// <param name="PeakDayOfYear">Demand multiplier is 1 + Amplitude cos(2 pi (day of year - peak) / 365.25).</param>
public sealed record CategoryTruth(string Category, int PeakDayOfYear, double Amplitude, double ReturnRate);

/// <summary>A platform-wide sale (Black Friday, January sale): every item's units and interest lift.</summary>
public sealed record SalesEventTruth(string Name, DateOnly Start, int Days, double UnitsLift, double InterestLift);

/// <summary>An item's own promotion: units multiplied by <paramref name="Lift"/> in every region.</summary>
public sealed record PromotionTruth(DateOnly Start, int Days, double Lift);

/// <summary>
/// A trend the item catches. Interest (views, searches, cart and wishlist adds) in region r follows
/// 1 + Lift * s(t - InterestStart - RegionDelays[r]), units follow the same curve <paramref name="LeadDays"/>
/// later, s a logistic step of width 3 days.
/// </summary>
public sealed record TrendTruth(DateOnly InterestStart, int LeadDays, double Lift, IReadOnlyList<int> RegionDelays);

/// <param name="BaseRate">Units per day in a region of weight 1, before weekday, season, trend and events.</param>
/// <param name="GrowthPerYear">Log-linear trend: units multiplied by exp(growth * years since start).</param>
/// <param name="Dispersion">Negative-binomial shape: variance = mean + mean^2 / dispersion.</param>
/// <param name="ViewsPerUnit">Views per expected unit (searches are a quarter of views, cart adds 3 per unit, wishlist adds 0.8).</param>
/// <param name="EndOfLife">Last day of full sales; demand fades to nothing over the 21 days after.</param>
public sealed record ItemTruth(
    string Sku,
    string Category,
    DateOnly Launch,
    DateOnly? EndOfLife,
    double BaseRate,
    double GrowthPerYear,
    double Dispersion,
    double ViewsPerUnit,
    TrendTruth? Trend,
    IReadOnlyList<PromotionTruth> Promotions);
