namespace Forecasting.Core.Hierarchy;

/// <summary>One series of the hierarchy: its level and the attribute values keying it (null where the level does not
/// split by that attribute; a SKU-keyed level also carries the SKU's category, as a label).</summary>
public readonly record struct HierarchyKey(HierarchyLevel Level, string? Sku, string? Category, string? Region)
{
    /// <summary>The series of <paramref name="level"/> that the SKU x region series (SKU, category, region) belongs to.</summary>
    public static HierarchyKey Of(HierarchyLevel level, string sku, string category, string region) => level switch
    {
        HierarchyLevel.SkuRegion => new(level, sku, category, region),
        HierarchyLevel.Sku => new(level, sku, category, null),
        HierarchyLevel.CategoryRegion => new(level, null, category, region),
        HierarchyLevel.Category => new(level, null, category, null),
        HierarchyLevel.Region => new(level, null, null, region),
        _ => new(level, null, null, null),
    };

    public override string ToString() => $"{Level.Name()}:{Sku ?? Category ?? ""}@{Region ?? "*"}";
}
