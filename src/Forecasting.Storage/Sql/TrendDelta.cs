namespace Forecasting.Storage.Sql;

/// <summary>One rollup row's change: its key and what to add to (rows, units, returns, views, searches, cart adds,
/// wishlist adds).</summary>
internal sealed record TrendCellDelta(int Week, int Region, TrendCell Cell, long[] Counted);

/// <summary>One facet row's change (<see cref="TrendRollupSql.FacetNames"/>; <see cref="TrendRollupSql.None"/> for a
/// value the facet does not have).</summary>
internal sealed record TrendFacetDelta(string Facet, int Week, int Region, string V1, string V2, long[] Counted);

/// <summary>
/// The change a batch makes to the trend rollups, summed in memory from the daily rows it writes: a new row adds its
/// values and one row, a changed row adds new minus old values, a SKU moved to another cell takes its weekly sums out of
/// the old cell and into the new one. Summed by week x region x cell, then spread to all regions and to every facet; the
/// rows come out in key order, so concurrent writers take the rollup rows' locks in the same order.
/// </summary>
internal sealed class TrendDelta(TrendCellMap map)
{
    private const int Counted = 7;

    private readonly Dictionary<long, long[]> _byKey = [];

    public bool IsEmpty => _byKey.Count == 0;

    /// <summary>Adds a daily row's change (<paramref name="rows"/>: 1 for a new row, 0 for a changed one).</summary>
    public void Add(int skuId, int regionId, int day, int rows, long units, long returns, long views, long searches, long cartAdds, long wishlistAdds)
    {
        int cell = map.CellOf(skuId);
        if (cell < 0)
        {
            throw new InvalidOperationException($"SKU id {skuId} is not in the trend cell map (read it again before the batch)");
        }

        if (rows == 0 && units == 0 && returns == 0 && views == 0 && searches == 0 && cartAdds == 0 && wishlistAdds == 0)
        {
            return;
        }

        var sums = Sums(Key(day - (day % 7), regionId, cell));
        sums[0] += rows;
        sums[1] += units;
        sums[2] += returns;
        sums[3] += views;
        sums[4] += searches;
        sums[5] += cartAdds;
        sums[6] += wishlistAdds;
    }

    /// <summary>Adds <paramref name="sign"/> x a week's sums of a region to a cell (a SKU moved between cells).</summary>
    public void AddWeek(int week, int regionId, int cell, ReadOnlySpan<long> counted, int sign)
    {
        var sums = Sums(Key(week, regionId, cell));
        for (int i = 0; i < Counted; i++)
        {
            sums[i] += sign * counted[i];
        }
    }

    private long[] Sums(long key)
    {
        if (!_byKey.TryGetValue(key, out var sums))
        {
            _byKey[key] = sums = new long[Counted];
        }

        return sums;
    }

    private static long Key(int week, int region, int cell) => ((long)week << 40) | ((long)region << 24) | (uint)cell;

    /// <summary>The cells' changes by region and over all regions (zero changes left out), in key order.</summary>
    public IReadOnlyList<TrendCellDelta> Cells()
    {
        var all = new Dictionary<long, long[]>(_byKey);
        foreach (var (key, sums) in _byKey)
        {
            long allRegions = key & ~(0xFFFFL << 24);
            if (!all.TryGetValue(allRegions, out var total))
            {
                all[allRegions] = total = new long[Counted];
            }

            for (int i = 0; i < Counted; i++)
            {
                total[i] += sums[i];
            }
        }

        return [.. all.Where(p => p.Value.Any(v => v != 0))
            .Select(p => new TrendCellDelta((int)(p.Key >> 40), (int)((p.Key >> 24) & 0xFFFF), map[(int)(p.Key & 0xFFFFFF)], p.Value))
            .OrderBy(d => d.Week).ThenBy(d => d.Region).ThenBy(d => d.Cell.Category, StringComparer.Ordinal).ThenBy(d => d.Cell.Style, StringComparer.Ordinal)
            .ThenBy(d => d.Cell.Color, StringComparer.Ordinal).ThenBy(d => d.Cell.Material, StringComparer.Ordinal).ThenBy(d => d.Cell.PriceBand, StringComparer.Ordinal)];
    }

    /// <summary>The facets' changes, from <paramref name="cells"/> (by region and over all regions), in key order.</summary>
    public static IReadOnlyList<TrendFacetDelta> Facets(IReadOnlyList<TrendCellDelta> cells)
    {
        var facets = new Dictionary<(int Facet, int Week, int Region, string V1, string V2), long[]>();
        foreach (var cell in cells)
        {
            for (int f = 0; f < TrendRollupSql.Facets.Count; f++)
            {
                var attributes = TrendRollupSql.Facets[f];
                var key = (f, cell.Week, cell.Region, attributes.Count > 0 ? cell.Cell.Value(attributes[0]) : TrendRollupSql.None,
                    attributes.Count > 1 ? cell.Cell.Value(attributes[1]) : TrendRollupSql.None);
                if (!facets.TryGetValue(key, out var sums))
                {
                    facets[key] = sums = new long[Counted];
                }

                for (int i = 0; i < Counted; i++)
                {
                    sums[i] += cell.Counted[i];
                }
            }
        }

        return [.. facets.Where(p => p.Value.Any(v => v != 0))
            .Select(p => new TrendFacetDelta(TrendRollupSql.FacetNames[p.Key.Facet], p.Key.Week, p.Key.Region, p.Key.V1, p.Key.V2, p.Value))
            .OrderBy(d => d.Facet, StringComparer.Ordinal).ThenBy(d => d.Week).ThenBy(d => d.Region)
            .ThenBy(d => d.V1, StringComparer.Ordinal).ThenBy(d => d.V2, StringComparer.Ordinal)];
    }
}
