namespace Forecasting.Core.Synthetic;

/// <summary>Size and shape of a synthetic platform. Everything generated is a function of these values.</summary>
public sealed record GeneratorOptions
{
    public int Skus { get; init; } = 500;

    /// <summary>Sales regions, 4-12; each gets one warehouse, plus one central DC.</summary>
    public int Regions { get; init; } = 6;

    public int Days { get; init; } = 730;

    public ulong Seed { get; init; } = 42;

    /// <summary>First day of the history (a Monday by default).</summary>
    public DateOnly Start { get; init; } = new(2024, 11, 25);

    /// <summary>Share of items that catch a trend: interest rises first, sales follow 7-14 days later.</summary>
    public double TrendingShare { get; init; } = 0.12;

    /// <summary>Trends start at the earliest 28 days into the history and at the latest this many days before its
    /// end. The default 28 leaves every trend complete inside the history (anticipation evaluations see whole
    /// ramps); 1 lets trends still be under way on the last day (what the emerging-items ranking is measured on).</summary>
    /// <value>28</value>
    public int TrendEndMarginDays { get; init; } = 28;

    /// <summary>Share of items launched inside the history (the rest were already selling).</summary>
    public double LaunchShare { get; init; } = 0.30;

    /// <summary>Share of items that reach end of life inside the history.</summary>
    public double EndOfLifeShare { get; init; } = 0.12;

    /// <summary>Own promotions per item per year (each 3-7 days, +50-150 % units).</summary>
    public double PromotionsPerYear { get; init; } = 2;

    /// <summary>Median units per day of an item in a region of average size, before seasonality.
    /// With the log-normal spread most SKU x region series sell under one unit a day.</summary>
    public double MedianDailyUnits { get; init; } = 0.25;

    public DateOnly End => Start.AddDays(Days - 1);

    public void Validate()
    {
        if (Skus is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"--skus must be between 1 and 1,000,000 (was {Skus}).");
        }

        if (Regions is < 4 or > 12)
        {
            throw new ArgumentException($"--regions must be between 4 and 12 (was {Regions}).");
        }

        if (Days is < 28 or > 3_660)
        {
            throw new ArgumentException($"--days must be between 28 and 3,660 (was {Days}).");
        }

        foreach (var (name, value) in new[] { ("TrendingShare", TrendingShare), ("LaunchShare", LaunchShare), ("EndOfLifeShare", EndOfLifeShare) })
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                throw new ArgumentException($"{name} must be between 0 and 1 (was {value}).");
            }
        }

        if (TrendEndMarginDays < 1 || TrendEndMarginDays > Math.Max(28, Days - 28))
        {
            throw new ArgumentException($"TrendEndMarginDays must be between 1 and days - 28 (was {TrendEndMarginDays}).");
        }

        if (PromotionsPerYear is < 0 or > 52 || MedianDailyUnits is <= 0 or > 10_000)
        {
            throw new ArgumentException("PromotionsPerYear must be in [0, 52] and MedianDailyUnits in (0, 10000].");
        }
    }
}
