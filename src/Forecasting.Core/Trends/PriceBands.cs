using System.Globalization;

namespace Forecasting.Core.Trends;

/// <summary>
/// Price bands: fixed, configurable edges in the platform's currency, the same for every category (a designer
/// compares a colour's cheap and premium items; edges per category would make "50-100" mean different things).
/// A price p falls in band k when edge[k-1] &lt;= p &lt; edge[k]; the bands are named by their edges
/// (<c>0-25</c>, <c>25-50</c>, ..., <c>200+</c>); an item without a price is in <see cref="Unpriced"/>.
/// </summary>
public sealed record PriceBands
{
    /// <summary>The band of items without a catalog price.</summary>
    public const string Unpriced = "unpriced";

    /// <summary>The default edges: 25, 50, 100, 200 (five bands).</summary>
    public static PriceBands Default { get; } = new([25m, 50m, 100m, 200m]);

    public PriceBands(IReadOnlyList<decimal> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count is < 1 or > 20)
        {
            throw new ArgumentException($"price bands need 1 to 20 edges (got {edges.Count})", nameof(edges));
        }

        for (int i = 0; i < edges.Count; i++)
        {
            if (edges[i] <= 0 || (i > 0 && edges[i] <= edges[i - 1]))
            {
                throw new ArgumentException($"price band edges must be positive and increasing (got {string.Join(", ", edges)})", nameof(edges));
            }
        }

        Edges = [.. edges];
    }

    /// <summary>Ascending, positive upper edges (the last band has no upper edge).</summary>
    public IReadOnlyList<decimal> Edges { get; }

    /// <summary>Every band's name, cheapest first, then <see cref="Unpriced"/>.</summary>
    public IReadOnlyList<string> Names => [.. Enumerable.Range(0, Edges.Count + 1).Select(Name), Unpriced];

    /// <summary>Name of band <paramref name="index"/> (0 = below the first edge, <c>Edges.Count</c> = at or above the last).</summary>
    public string Name(int index)
    {
        string Text(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
        return index == 0 ? $"0-{Text(Edges[0])}"
            : index == Edges.Count ? $"{Text(Edges[^1])}+"
            : $"{Text(Edges[index - 1])}-{Text(Edges[index])}";
    }

    /// <summary>The band of a price.</summary>
    public string Of(decimal? price)
    {
        if (price is not { } p)
        {
            return Unpriced;
        }

        int index = 0;
        while (index < Edges.Count && p >= Edges[index])
        {
            index++;
        }

        return Name(index);
    }

    /// <summary>Parses edges such as <c>25,50,100,200</c>.</summary>
    public static PriceBands Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var edges = new List<decimal>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            edges.Add(decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var edge)
                ? edge
                : throw new ArgumentException($"price band edge '{part}' is not a number"));
        }

        return new PriceBands(edges);
    }
}
