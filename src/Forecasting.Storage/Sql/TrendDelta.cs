namespace Forecasting.Storage.Sql;

/// <summary>One rollup row's change: its key and what to add to (rows, units, returns, views, searches, cart adds,
/// wishlist adds).</summary>
internal sealed record TrendCellDelta(int Week, int Region, int Number, TrendCell Cell, long[] Counted);

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

    /// <summary>The cells' changes by region and over all regions (zero changes left out), in key order (week, region,
    /// cell number: the same order in every writer sharing a catalog version).</summary>
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

        var keys = all.Where(p => Array.Exists(p.Value, v => v != 0)).Select(p => p.Key).ToArray();
        Array.Sort(keys);
        return [.. keys.Select(k => new TrendCellDelta((int)(k >> 40), (int)((k >> 24) & 0xFFFF), (int)(k & 0xFFFFFF), map[(int)(k & 0xFFFFFF)], all[k]))];
    }

    /// <summary>The facets' changes, from <paramref name="cells"/> (by region and over all regions), in the order of
    /// facet, week, region and value numbers (the same in every writer sharing a catalog version).</summary>
    public IReadOnlyList<TrendFacetDelta> Facets(IReadOnlyList<TrendCellDelta> cells)
    {
        var facets = new Dictionary<FacetKey, long[]>();
        for (int f = 0; f < TrendRollupSql.Facets.Count; f++)
        {
            var attributes = TrendRollupSql.Facets[f];
            int a1 = attributes.Count > 0 ? TrendRollupSql.AttributeIndex(attributes[0]) : -1;
            int a2 = attributes.Count > 1 ? TrendRollupSql.AttributeIndex(attributes[1]) : -1;
            foreach (var cell in cells)
            {
                var key = new FacetKey(f, cell.Week, cell.Region, a1 < 0 ? -1 : map.ValueNumber(cell.Number, a1), a2 < 0 ? -1 : map.ValueNumber(cell.Number, a2));
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

        string Value(int facet, int position, int number)
        {
            var attributes = TrendRollupSql.Facets[facet];
            return number < 0 ? TrendRollupSql.None : map.Value(TrendRollupSql.AttributeIndex(attributes[position]), number);
        }

        var keys = facets.Where(p => Array.Exists(p.Value, v => v != 0)).Select(p => p.Key).ToArray();
        Array.Sort(keys, static (a, b) => a.Facet != b.Facet ? a.Facet.CompareTo(b.Facet) : a.Week != b.Week ? a.Week.CompareTo(b.Week)
            : a.Region != b.Region ? a.Region.CompareTo(b.Region) : a.V1 != b.V1 ? a.V1.CompareTo(b.V1) : a.V2.CompareTo(b.V2));
        return [.. keys.Select(k => new TrendFacetDelta(TrendRollupSql.FacetNames[k.Facet], k.Week, k.Region, Value(k.Facet, 0, k.V1), Value(k.Facet, 1, k.V2), facets[k]))];
    }

    private readonly record struct FacetKey(int Facet, int Week, int Region, int V1, int V2);
}
