namespace Forecasting.Core.Planning;

/// <summary>ABC classes by revenue share: items sorted by revenue, A until the running share reaches
/// <see cref="PlannerOptions.ClassAShare"/>, B until <see cref="PlannerOptions.ClassBShare"/>, then C
/// (an item that crosses a boundary belongs to the class it starts in). Ties by SKU code.</summary>
public static class AbcClassifier
{
    public static IReadOnlyDictionary<string, char> Classify(IEnumerable<(string Sku, double Revenue)> items, PlannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        var sorted = items.OrderByDescending(i => i.Revenue).ThenBy(i => i.Sku, StringComparer.Ordinal).ToList();
        double total = sorted.Sum(i => Math.Max(0, i.Revenue));
        var classes = new Dictionary<string, char>(StringComparer.Ordinal);
        double before = 0;
        foreach (var (sku, revenue) in sorted)
        {
            double share = total > 0 ? before / total : 1;
            classes[sku] = share < options.ClassAShare ? 'A' : share < options.ClassBShare ? 'B' : 'C';
            before += Math.Max(0, revenue);
        }

        return classes;
    }
}
