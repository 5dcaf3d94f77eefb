namespace Forecasting.Core.Hierarchy;

/// <summary>A level of the forecast hierarchy, named by the attributes that key it. The base (bottom) level is
/// <see cref="SkuRegion"/>, what training forecasts; every other level is a sum of its series.</summary>
public enum HierarchyLevel
{
    /// <summary>One SKU in one region: the series training forecasts.</summary>
    SkuRegion,

    /// <summary>One SKU over every region.</summary>
    Sku,

    /// <summary>One catalog category in one region.</summary>
    CategoryRegion,

    /// <summary>One catalog category over every region.</summary>
    Category,

    /// <summary>Every item in one region.</summary>
    Region,

    /// <summary>Every item in every region.</summary>
    Total,
}

/// <summary>Names of the levels as the CLI and the API take them (<c>sku,region</c>, <c>category,region</c>...).</summary>
public static class HierarchyLevels
{
    /// <summary>Every level, bottom first.</summary>
    public static IReadOnlyList<HierarchyLevel> All { get; } = Enum.GetValues<HierarchyLevel>();

    /// <summary>The attributes keying a level, in the order they are written (<c>category,region</c>); empty for the total.</summary>
    public static IReadOnlyList<string> Attributes(this HierarchyLevel level) => level switch
    {
        HierarchyLevel.SkuRegion => ["sku", "region"],
        HierarchyLevel.Sku => ["sku"],
        HierarchyLevel.CategoryRegion => ["category", "region"],
        HierarchyLevel.Category => ["category"],
        HierarchyLevel.Region => ["region"],
        _ => [],
    };

    /// <summary>The level's name: its attributes joined by commas, or <c>total</c>.</summary>
    public static string Name(this HierarchyLevel level) => level == HierarchyLevel.Total ? "total" : string.Join(',', level.Attributes());

    /// <summary>Every level's name, bottom first.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(Name)];

    /// <summary>Reads a level name; the attributes may come in any order, spaces and case are ignored
    /// (<c>region,category</c> is <see cref="HierarchyLevel.CategoryRegion"/>); the old <c>sku-region</c> is accepted too.</summary>
    /// <exception cref="ArgumentException">Not a level, with the known names.</exception>
    public static HierarchyLevel Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([',', '-'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray();
        foreach (var level in All)
        {
            var attributes = level == HierarchyLevel.Total ? ["total"] : level.Attributes().Order(StringComparer.Ordinal).ToArray();
            if (parts.SequenceEqual(attributes, StringComparer.Ordinal))
            {
                return level;
            }
        }

        throw new ArgumentException($"'{text}' is not a forecast level; levels are {string.Join(" | ", Names)}.");
    }
}
