namespace Forecasting.Core.Trends;

/// <summary>What a trend can be grouped or filtered by: a catalog attribute, the price band, or the region.</summary>
public enum TrendDimension
{
    Category,
    Style,
    Color,
    Material,

    /// <summary>The band of the catalog price (<see cref="PriceBands"/>).</summary>
    PriceBand,

    Region,
}

/// <summary>The names of <see cref="TrendDimension"/> in the API and on the command line.</summary>
public static class TrendDimensions
{
    /// <summary>Every accepted name (both spellings of colour) to its dimension.</summary>
    public static IReadOnlyDictionary<string, TrendDimension> ByName { get; } = new Dictionary<string, TrendDimension>(StringComparer.OrdinalIgnoreCase)
    {
        ["category"] = TrendDimension.Category,
        ["style"] = TrendDimension.Style,
        ["color"] = TrendDimension.Color,
        ["colour"] = TrendDimension.Color,
        ["material"] = TrendDimension.Material,
        ["price_band"] = TrendDimension.PriceBand,
        ["region"] = TrendDimension.Region,
    };

    /// <summary>The name a dimension is shown with (the first of its spellings).</summary>
    public static string Name(this TrendDimension dimension) => dimension switch
    {
        TrendDimension.Category => "category",
        TrendDimension.Style => "style",
        TrendDimension.Color => "color",
        TrendDimension.Material => "material",
        TrendDimension.PriceBand => "price_band",
        TrendDimension.Region => "region",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    /// <summary>Parses a comma-separated list such as <c>category,colour</c>.</summary>
    /// <exception cref="ArgumentException">A name is unknown or repeated (the message names it and lists the known ones).</exception>
    public static IReadOnlyList<TrendDimension> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dimensions = new List<TrendDimension>();
        foreach (string name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ByName.TryGetValue(name, out var dimension))
            {
                throw new ArgumentException($"unknown attribute '{name}'; known: {string.Join(", ", ByName.Keys)}");
            }

            if (dimensions.Contains(dimension))
            {
                throw new ArgumentException($"attribute '{name}' is given twice");
            }

            dimensions.Add(dimension);
        }

        return dimensions.Count > 0 ? dimensions : throw new ArgumentException("at least one attribute is needed, e.g. colour or category,colour");
    }
}
