namespace Forecasting.Core.Hierarchy;

/// <summary>One series of the hierarchy: its level and the attribute values keying it (null where the level does not
/// split by that attribute; a SKU-keyed level also carries the SKU's category, as a label).</summary>
public readonly record struct HierarchyKey(HierarchyLevel Level, string? Sku, string? Category, string? Region)
{
    public override string ToString() => $"{Level.Name()}:{Sku ?? Category ?? ""}@{Region ?? "*"}";
}
