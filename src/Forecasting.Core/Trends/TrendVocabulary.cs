using Forecasting.Core.Domain;

namespace Forecasting.Core.Trends;

/// <summary>
/// The values each trend dimension can take in a store (the catalog's attributes, the price band names, the regions),
/// to refuse a filter on a value that does not exist instead of answering with nothing.
/// </summary>
public sealed class TrendVocabulary
{
    private readonly Dictionary<TrendDimension, HashSet<string>> _values;

    public TrendVocabulary(IEnumerable<CatalogItem> catalog, IEnumerable<string> regions, PriceBands bands)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(bands);
        var items = catalog.ToList();
        HashSet<string> Of(Func<CatalogItem, string?> attribute) => [.. items.Select(attribute).OfType<string>()];
        _values = new Dictionary<TrendDimension, HashSet<string>>
        {
            [TrendDimension.Category] = Of(i => i.Category),
            [TrendDimension.Style] = Of(i => i.Style),
            [TrendDimension.Color] = Of(i => i.Color),
            [TrendDimension.Material] = Of(i => i.Material),
            [TrendDimension.PriceBand] = [.. bands.Names],
            [TrendDimension.Region] = [.. regions],
        };
    }

    /// <summary>The values the store holds for <paramref name="dimension"/>, in ordinal order (what a picker offers).</summary>
    public IReadOnlyList<string> Values(TrendDimension dimension) => [.. _values[dimension].Order(StringComparer.Ordinal)];

    /// <summary>Null when <paramref name="value"/> exists for <paramref name="dimension"/>; otherwise why not, with a few known values.</summary>
    public string? Check(TrendDimension dimension, string value)
    {
        var known = _values[dimension];
        if (known.Contains(value))
        {
            return null;
        }

        var examples = known.Order(StringComparer.Ordinal).Take(12).ToList();
        return $"no {dimension.Name()} '{value}' in the store" + (examples.Count == 0 ? "" : $"; known: {string.Join(", ", examples)}{(known.Count > examples.Count ? ", ..." : "")}");
    }
}
