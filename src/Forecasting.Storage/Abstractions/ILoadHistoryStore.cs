namespace Forecasting.Storage.Abstractions;

/// <summary>A load as ops see it: what was loaded, when, how it ended and its counts (null while it runs).</summary>
public sealed record LoadRecord(long Id, string Kind, string Source, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, LoadStatus Status,
    long? RowsRead, long? Accepted, long? Rejected, long? Duplicates, long? Excluded)
{
    public TimeSpan? Duration => FinishedAt - StartedAt;
}

/// <summary>The history of ingest loads, newest first.</summary>
public interface ILoadHistoryStore
{
    Task<IReadOnlyList<LoadRecord>> ListLoadsAsync(int limit = 200, CancellationToken cancellationToken = default);
}
