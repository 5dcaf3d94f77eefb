namespace Forecasting.Storage.Abstractions;

/// <summary>Where a load stands. Only <see cref="Running"/> changes; the others are final.</summary>
public enum LoadStatus
{
    /// <summary>Batches being written; its worker renews its lease while it runs.</summary>
    Running,

    /// <summary>Every row stored or rejected.</summary>
    Completed,

    /// <summary>Stopped by an error, or its lease ran out: whole batches are kept, re-loading the file completes it.</summary>
    Failed,

    /// <summary>Stopped on request; whole batches are kept.</summary>
    Cancelled,
}

/// <summary>One load of one file (or request body) into the store.</summary>
public sealed record IngestLoad(long Id, string Kind, string Source, DateTimeOffset StartedAt);

/// <summary>A row (or one field of a row) that was not loaded, with the reason. Kept in the store.</summary>
/// <param name="Line">1-based line of the source where the record starts (the header is line 1).</param>
/// <param name="Field">Column name(s) at fault, or <c>row</c> for the record as a whole.</param>
/// <param name="Value">The offending text as read, truncated to 200 characters.</param>
public sealed record IngestReject(string Source, long Line, string Field, string Reason, string? Value);

/// <summary>Counts of one load. <c>RowsRead = Accepted + Duplicates + Rejected + Excluded</c> always holds: every
/// data row read is exactly one of them (see docs/ingest-rules.md).</summary>
/// <param name="Accepted">Rows inserted or that changed a stored row.</param>
/// <param name="Duplicates">Rows identical to what the store already held (a re-load).</param>
/// <param name="Excluded">Rows dropped on purpose by the load's options (<c>--exclude-sku</c>): not stored,
/// not rejects.</param>
public sealed record IngestCounts(long RowsRead, long Accepted, long Rejected, long Duplicates, long Excluded = 0)
{
    public static IngestCounts Zero { get; } = new(0, 0, 0, 0);

    /// <summary>Rows were read and rejected, and none was loaded (accepted or already stored): the load failed
    /// its purpose, so the CLI exits non-zero and the API answers 422. Rows only excluded are not a failure.</summary>
    public bool AllRejected => Rejected > 0 && Accepted + Duplicates == 0;

    public IngestCounts Add(IngestCounts other) => new(
        RowsRead + other.RowsRead, Accepted + other.Accepted, Rejected + other.Rejected, Duplicates + other.Duplicates, Excluded + other.Excluded);
}

/// <summary>What a store did with one batch.</summary>
/// <param name="Rejects">Rejects found by the store itself (such as a key repeated within the same load),
/// already stored with the batch.</param>
public sealed record BatchResult(int Accepted, int Duplicates, IReadOnlyList<IngestReject> Rejects);

/// <summary>Surrogate ids of the reference data rows that the ingest validates against.</summary>
public sealed record ReferenceData(
    IReadOnlyDictionary<string, int> SkuIds,
    IReadOnlyDictionary<string, int> RegionIds,
    IReadOnlySet<string> WarehouseIds);

/// <summary>A file the ingest job loaded, known by its content: a file with the same content is not loaded again.</summary>
/// <param name="ContentHash">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="Name">The file's name when it was loaded.</param>
/// <param name="LoadId">The load that read it (<see cref="IngestLoad.Id"/>).</param>
public sealed record LoadedFile(string ContentHash, string Name, IngestKind Kind, long LoadId, DateTimeOffset LoadedAt);

/// <summary>A validated daily demand row, keyed by surrogate ids.</summary>
/// <param name="Day">The date as <see cref="DateOnly.DayNumber"/>.</param>
public readonly record struct DemandRow(long Line, int SkuId, int RegionId, int Day, int Units, int Returns, int Views, int Searches, int CartAdds, int WishlistAdds);

/// <summary>A validated order line, keyed by surrogate ids. Stored under (order id, SKU, timestamp, occurrence):
/// the n-th line of a file with the same order id, SKU and timestamp is occurrence n, so repeated lines all
/// count while a re-load of the file matches the stored lines one for one.</summary>
public readonly record struct OrderLineRow(long Line, string OrderId, int SkuId, int RegionId, long TimestampTicks, int Day, int Quantity, double? Price);

/// <summary>A validated catalog row.</summary>
public readonly record struct CatalogRow(long Line, Core.Domain.CatalogItem Item);

/// <summary>A validated inventory row.</summary>
public readonly record struct InventoryRow(long Line, string Warehouse, int SkuId, int OnHand, int InTransit, int Committed, int? AsOfDay);
