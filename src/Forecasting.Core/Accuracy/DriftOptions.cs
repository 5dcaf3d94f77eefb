namespace Forecasting.Core.Accuracy;

/// <summary>When a segment's accuracy raises an alert (configuration <c>Forecasting:Drift</c>).</summary>
public sealed record DriftOptions
{
    /// <summary>Recent window, ending at the last day with actuals.</summary>
    public int RecentDays { get; init; } = 7;

    /// <summary>Trailing window just before the recent one (eight weeks).</summary>
    public int BaselineDays { get; init; } = 56;

    /// <summary>An alert when recent WAPE &gt; baseline WAPE x (1 + margin).</summary>
    public double WapeMargin { get; init; } = 0.25;

    /// <summary>An alert when recent p10-p90 coverage leaves [low, high].</summary>
    public double CoverageLow { get; init; } = 0.70;

    public double CoverageHigh { get; init; } = 0.90;

    /// <summary>Segments with fewer recent actual units (WAPE) or rows (coverage) are not judged: too noisy.</summary>
    public double MinRecentUnits { get; init; } = 50;

    public long MinRecentRows { get; init; } = 50;

    /// <summary>Only forecasts of this horizon bucket are judged (the ones replenishment acts on first).</summary>
    public string Bucket { get; init; } = "1-7";

    /// <summary>Segment dimensions judged: region, category, model, abc; empty = <see cref="DefaultDimensions"/>.
    /// (Empty rather than pre-filled by default: a configuration binder appends to a pre-filled list.)</summary>
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    public static IReadOnlyList<string> DefaultDimensions { get; } = ["region", "category"];

    /// <summary>The dimensions actually judged.</summary>
    public IReadOnlyList<string> JudgedDimensions => Dimensions.Count > 0 ? Dimensions : DefaultDimensions;

    public void Validate()
    {
        var errors = new List<string>();
        if (RecentDays < 1)
        {
            errors.Add($"RecentDays must be at least 1 (got {RecentDays})");
        }

        if (BaselineDays < RecentDays)
        {
            errors.Add($"BaselineDays must be at least RecentDays (got {BaselineDays})");
        }

        if (WapeMargin is < 0 or > 10)
        {
            errors.Add($"WapeMargin must be between 0 and 10 (got {WapeMargin})");
        }

        if (!(CoverageLow >= 0 && CoverageLow < CoverageHigh && CoverageHigh <= 1))
        {
            errors.Add($"CoverageLow and CoverageHigh must satisfy 0 <= low < high <= 1 (got {CoverageLow}, {CoverageHigh})");
        }

        if (!HorizonBucket.All.Contains(Bucket))
        {
            errors.Add($"Bucket must be one of {string.Join(", ", HorizonBucket.All)} (got {Bucket})");
        }

        foreach (var dimension in Dimensions.Where(d => d is not ("region" or "category" or "model" or "abc")))
        {
            errors.Add($"Dimensions: unknown '{dimension}' (region, category, model, abc)");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Forecasting:Drift: " + string.Join("; ", errors));
        }
    }
}
