using Dapper;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>The ingest load history, read once for both stores.</summary>
internal sealed class SqlLoads(SqlSession session)
{
    public Task<IReadOnlyList<LoadRecord>> ListAsync(int limit, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<LoadRecord>)[.. (await connection.QueryAsync<LoadRow>(SqlProposals.Command(
            $"SELECT {LoadRow.Columns} FROM ingest_loads ORDER BY id DESC LIMIT @limit", new { limit = Math.Clamp(limit, 1, 10_000) }, null, cancellationToken))).Select(r => r.ToRecord())],
        cancellationToken);

    private sealed class LoadRow
    {
        public const string Columns = "id AS Id, kind AS Kind, source AS Source, started_at AS StartedAt, finished_at AS FinishedAt, status AS Status, " +
            "rows_read AS RowsRead, accepted AS Accepted, rejected AS Rejected, duplicates AS Duplicates, excluded AS Excluded";

        public long Id { get; set; }

        public string Kind { get; set; } = "";

        public string Source { get; set; } = "";

        public object StartedAt { get; set; } = "";

        public object? FinishedAt { get; set; }

        public string Status { get; set; } = "";

        public long? RowsRead { get; set; }

        public long? Accepted { get; set; }

        public long? Rejected { get; set; }

        public long? Duplicates { get; set; }

        public long? Excluded { get; set; }

        public LoadRecord ToRecord() => new(Id, Kind, Source, SqlSession.ReadInstant(StartedAt), SqlSession.ReadInstantOrNull(FinishedAt), StatusText.Load(Status),
            RowsRead, Accepted, Rejected, Duplicates, Excluded);
    }
}
