using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Trends;

/// <summary>
/// Keeps the store's weekly trend rollups in step with a load: the days a demand or order-line load wrote (tracked per
/// batch, batches may be written concurrently) are summed again by week once the load's batches are done; a catalog load
/// sums the rollups by attribute again (a SKU's attributes decide where its demand counts).
/// </summary>
public sealed class TrendRollupRefresh
{
    private int _firstDay = int.MaxValue;
    private int _lastDay = int.MinValue;

    /// <summary>The batch writer <paramref name="write"/>, noting the days of the rows of every batch it was given.</summary>
    public Func<IngestLoad, IReadOnlyList<TRow>, IReadOnlyList<IngestReject>, CancellationToken, Task<BatchResult>> Track<TRow>(
        Func<IngestLoad, IReadOnlyList<TRow>, IReadOnlyList<IngestReject>, CancellationToken, Task<BatchResult>> write, Func<TRow, int> dayOf)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(dayOf);
        return (load, rows, rejects, cancellationToken) =>
        {
            int first = int.MaxValue, last = int.MinValue;
            foreach (var row in rows)
            {
                int day = dayOf(row);
                first = Math.Min(first, day);
                last = Math.Max(last, day);
            }

            if (rows.Count > 0)
            {
                Extend(ref _firstDay, first, (seen, day) => day < seen);
                Extend(ref _lastDay, last, (seen, day) => day > seen);
            }

            return write(load, rows, rejects, cancellationToken);
        };
    }

    /// <summary>After a load of <paramref name="kind"/> (whatever its outcome: its committed batches are stored): refreshes
    /// the weeks of the days it wrote, or after a catalog load with accepted rows the attribute sums. Nothing for a store
    /// without trends.</summary>
    public async Task AfterLoadAsync(IIngestStore store, IngestKind kind, long acceptedRows, CancellationToken cancellationToken)
    {
        if (store is not ITrendStore trends)
        {
            return;
        }

        if (kind == IngestKind.Catalog && acceptedRows > 0)
        {
            await trends.RefreshTrendCatalogAsync(cancellationToken: cancellationToken);
        }
        else if (Volatile.Read(ref _firstDay) is var first and not int.MaxValue)
        {
            await trends.RefreshTrendWeeksAsync(DateOnly.FromDayNumber(first), DateOnly.FromDayNumber(Volatile.Read(ref _lastDay)), cancellationToken);
        }
    }

    private static void Extend(ref int bound, int day, Func<int, int, bool> beyond)
    {
        int seen = Volatile.Read(ref bound);
        while (beyond(seen, day))
        {
            int was = Interlocked.CompareExchange(ref bound, day, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
