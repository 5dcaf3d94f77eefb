namespace Forecasting.Storage.Abstractions;

/// <summary>
/// The write side of ingest. Every <c>Write*BatchAsync</c> call is one transaction: the rows and the
/// rejects given with them are stored together or not at all. Writes are idempotent: a row identical to
/// the stored one is counted as a duplicate and changes nothing.
/// </summary>
public interface IIngestStore : IRunLeaseStore
{
    Task<IngestLoad> BeginLoadAsync(string kind, string source, CancellationToken cancellationToken = default);

    Task CompleteLoadAsync(IngestLoad load, IngestCounts counts, LoadStatus status, CancellationToken cancellationToken = default);

    Task<ReferenceData> GetReferenceDataAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds SKUs seen in demand data but missing from the catalog (attributes unknown).</summary>
    Task<ReferenceData> RegisterAsync(IReadOnlyCollection<string> skus, IReadOnlyCollection<string> regions, CancellationToken cancellationToken = default);

    /// <summary>Demand batches the store takes at once (one transaction each; their keys are disjoint): 1 where writes
    /// serialise anyway (SQLite), more where they run in parallel (PostgreSQL).</summary>
    int ConcurrentDemandBatches => 1;

    /// <summary>Upserts daily demand: new keys and changed values are written (accepted), a row identical to the stored
    /// one is not written at all (a duplicate; the stored row keeps the load that wrote it, so scoring sees only real
    /// changes). The rows' keys are distinct and no other batch of the load has them: the caller rejects a key met
    /// twice in a file before it reaches the store (IngestService does).</summary>
    Task<BatchResult> WriteDemandBatchAsync(IngestLoad load, IReadOnlyList<DemandRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default);

    /// <summary>Stores order lines and recomputes the daily demand (units, returns) of every SKU x region x day they touch.
    /// Lines are keyed by order id, SKU, timestamp and occurrence (see <see cref="OrderLineRow"/>): repeated lines all
    /// count, and a re-load claims the stored lines as duplicates.</summary>
    Task<BatchResult> WriteOrderLinesBatchAsync(IngestLoad load, IReadOnlyList<OrderLineRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default);

    Task<BatchResult> WriteCatalogBatchAsync(IngestLoad load, IReadOnlyList<CatalogRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default);

    /// <summary>Upserts the current position per warehouse x SKU; an older <c>as_of</c> never overwrites a newer one.</summary>
    Task<BatchResult> WriteInventoryBatchAsync(IngestLoad load, IReadOnlyList<InventoryRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default);

    /// <summary>Replaces the network (regions are upserted, warehouses and lanes replaced) in one transaction.</summary>
    Task<IngestCounts> SaveNetworkAsync(IngestLoad load, Core.Domain.Network network, CancellationToken cancellationToken = default);

    /// <summary>The file loaded earlier with this content (SHA-256, lower-case hex), or null.</summary>
    Task<LoadedFile?> FindLoadedFileAsync(string contentHash, CancellationToken cancellationToken = default);

    /// <summary>Remembers a loaded file's content, so the ingest job never loads that content again (a second
    /// record of the same content keeps the first).</summary>
    Task RememberLoadedFileAsync(LoadedFile file, CancellationToken cancellationToken = default);

    /// <summary>Stored rejects, newest load first. Rejects belong to their load: by default only those of the latest
    /// load of each source are listed (a later load of the same file supersedes the rejects of the earlier ones).</summary>
    /// <param name="allLoads">List the rejects of every load, not only the latest load per source.</param>
    Task<IReadOnlyList<IngestReject>> GetRejectsAsync(string? source = null, int limit = 100, bool allLoads = false, CancellationToken cancellationToken = default);
}
