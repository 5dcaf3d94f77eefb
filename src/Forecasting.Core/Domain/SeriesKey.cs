namespace Forecasting.Core.Domain;

/// <summary>Identifies one demand series: a SKU sold in a region. Parent levels use the reserved
/// values <see cref="AllRegions"/> and category keys built by <see cref="ForCategory"/>.</summary>
public readonly record struct SeriesKey(string Sku, string Region)
{
    /// <summary>Region value of a series aggregated over every region (country or platform level).</summary>
    public const string AllRegions = "*";

    /// <summary>Prefix of the <see cref="Sku"/> value of a category-level aggregate.</summary>
    public const string CategoryPrefix = "category:";

    public static SeriesKey ForCategory(string category, string region) => new(CategoryPrefix + category, region);

    public override string ToString() => $"{Sku}@{Region}";
}
