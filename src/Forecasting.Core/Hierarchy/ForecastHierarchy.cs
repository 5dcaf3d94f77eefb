namespace Forecasting.Core.Hierarchy;

/// <summary>
/// The summing structure over the SKU x region series: for every series of every level, the SKU x region series it
/// adds up. SKUs and categories cross regions (a grouped hierarchy): SKU x region sums to SKU and to category x region,
/// both sum to category, category x region also to region, and everything to the total.
/// </summary>
public sealed class ForecastHierarchy
{
    private readonly Dictionary<HierarchyLevel, IReadOnlyList<(HierarchyKey Key, int[] Members)>> _levels = [];

    /// <param name="bottom">The SKU x region series as (SKU, region, category); a SKU missing from the catalog is in category "".</param>
    public ForecastHierarchy(IReadOnlyList<(string Sku, string Region, string Category)> bottom)
    {
        ArgumentNullException.ThrowIfNull(bottom);
        Bottom = [.. bottom.Select(b => HierarchyKey.Of(HierarchyLevel.SkuRegion, b.Sku, b.Category, b.Region))];
        foreach (var level in HierarchyLevels.All)
        {
            _levels[level] = Group(i => HierarchyKey.Of(level, bottom[i].Sku, bottom[i].Category, bottom[i].Region));
        }

        List<(HierarchyKey, int[])> Group(Func<int, HierarchyKey> keyOf) =>
            [.. Enumerable.Range(0, bottom.Count).GroupBy(keyOf).Select(g => (g.Key, g.ToArray()))
                .OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.Sku, StringComparer.Ordinal).ThenBy(g => g.Key.Region, StringComparer.Ordinal)];
    }

    /// <summary>The SKU x region series, in the order given.</summary>
    public IReadOnlyList<HierarchyKey> Bottom { get; }

    /// <summary>The series of <paramref name="level"/> with the indices of the SKU x region series each adds up.</summary>
    public IReadOnlyList<(HierarchyKey Key, int[] Members)> Level(HierarchyLevel level) => _levels[level];

    /// <summary>Sums of <paramref name="bottomValues"/> (one array per SKU x region series, all of one length) for every
    /// series of <paramref name="level"/>.</summary>
    public IReadOnlyList<(HierarchyKey Key, double[] Values)> Sum(HierarchyLevel level, IReadOnlyList<double[]> bottomValues)
    {
        ArgumentNullException.ThrowIfNull(bottomValues);
        int length = bottomValues.Count == 0 ? 0 : bottomValues[0].Length;
        return [.. Level(level).Select(node =>
        {
            var sum = new double[length];
            foreach (int i in node.Members)
            {
                var values = bottomValues[i];
                for (int t = 0; t < length; t++)
                {
                    sum[t] += values[t];
                }
            }

            return (node.Key, sum);
        })];
    }
}
