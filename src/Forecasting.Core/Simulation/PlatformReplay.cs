using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Simulation;

/// <summary>A replay of a synthetic platform generated in memory: its network and catalog, its units per SKU x region and day
/// (the whole history: the last <c>replayDays</c> are replayed) and its interest signals (views, searches, cart and wishlist
/// adds, each series from the item's launch), as <c>generate</c> would write them.</summary>
public static class PlatformReplay
{
    public static readonly IReadOnlyList<string> SignalColumns = ["views", "searches", "cart_adds", "wishlist_adds"];

    public static ReplayInput Create(SyntheticPlatform platform, int replayDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(platform);
        int days = platform.Options.Days, regions = platform.Options.Regions, skus = platform.Options.Skus;
        if (replayDays < 1 || replayDays > days - 28)
        {
            throw new ArgumentException($"A replay of {replayDays} days needs at least 28 days of history before it (the platform has {days}).");
        }

        int first = platform.Options.Start.DayNumber;
        var regionIndex = platform.Network.Regions.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var itemIndex = platform.Catalog.Select((c, i) => (c.Sku, i)).ToDictionary(p => p.Sku, p => p.i, StringComparer.Ordinal);
        var demand = new int[skus][][];
        var signals = new float[skus * regions][][];
        for (int i = 0; i < skus; i++)
        {
            demand[i] = [.. Enumerable.Range(0, regions).Select(_ => new int[days])];
        }

        foreach (var row in platform.Demand(cancellationToken))
        {
            int i = itemIndex[row.Sku], r = regionIndex[row.Region], d = row.Date.DayNumber - first;
            demand[i][r][d] = row.Units;
            var c = signals[(i * regions) + r] ??= [new float[days], new float[days], new float[days], new float[days]];
            c[0][d] = row.Views;
            c[1][d] = row.Searches;
            c[2][d] = row.CartAdds;
            c[3][d] = row.WishlistAdds;
        }

        var series = new List<SeriesSignals>();
        for (int s = 0; s < signals.Length; s++)
        {
            if (signals[s] is not { } c)
            {
                continue;
            }

            var item = platform.Catalog[s / regions];
            int start = item.LaunchDate is { } l ? Math.Clamp(l.DayNumber - first, 0, days - 1) : 0;
            var key = new SeriesKey(item.Sku, platform.Network.Regions[s % regions].Id);
            series.Add(new SeriesSignals(key, platform.Options.Start.AddDays(start), SignalColumns, [.. c.Select(v => v[start..].Select(x => (double)x).ToArray())]));
            signals[s] = null!;
        }

        var replaySkus = Enumerable.Range(0, skus).Where(i => demand[i].Any(r => r.Any(u => u > 0))).Select(i => new ReplaySku(platform.Catalog[i], demand[i])).ToList();
        return new ReplayInput(platform.Network, platform.Options.Start, days, days - replayDays, replaySkus, new SignalPanel(series));
    }
}
