using Forecasting.Core.Domain;

namespace Forecasting.Storage.Abstractions;

/// <summary>Row counts and the date range of the stored demand.</summary>
public sealed record DemandSummary(long Rows, int Series, DateOnly? FirstDay, DateOnly? LastDay);

/// <summary>The read side of demand, catalog, network and inventory.</summary>
public interface IDemandStore
{
    /// <summary>Rows, series and the date range: counts every row, so it costs a pass over the table.</summary>
    Task<DemandSummary> GetDemandSummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>The first and last day of stored demand (null when there is none): two key lookups, cheap at any size.</summary>
    Task<(DateOnly? First, DateOnly? Last)> GetDemandDaysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every SKU x region daily units series that has at least one stored day, grouped by SKU then
    /// region. A series starts at the SKU's launch date (or its first observation if that is earlier), never
    /// before the first day of the data; a SKU without a launch date starts at the first day of the data.
    /// It ends at <paramref name="lastDay"/> (default: the last day of the data). Days without a row are 0.
    /// </summary>
    IAsyncEnumerable<DemandSeries> ReadDailySeriesAsync(DateOnly? lastDay = null, CancellationToken cancellationToken = default) =>
        ReadDailySeriesAsync(lastDay, null, cancellationToken);

    /// <summary>As above, only for the SKUs <paramref name="includeSku"/> accepts (all when null); the store reads
    /// only their rows (a training shard reads its own series, not the whole table).</summary>
    IAsyncEnumerable<DemandSeries> ReadDailySeriesAsync(DateOnly? lastDay, Func<string, bool>? includeSku, CancellationToken cancellationToken = default);

    /// <summary>The same series with the interest signals stored beside their units (views, searches, cart adds,
    /// wishlist adds: <see cref="StoredSignals.Names"/>), aligned day for day; a series without any has null signals.</summary>
    IAsyncEnumerable<SeriesWithSignals> ReadDailySeriesWithSignalsAsync(DateOnly? lastDay, Func<string, bool>? includeSku, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CatalogItem>> GetCatalogAsync(CancellationToken cancellationToken = default);

    Task<Network> GetNetworkAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<InventoryPosition>> GetInventoryAsync(CancellationToken cancellationToken = default);
}
