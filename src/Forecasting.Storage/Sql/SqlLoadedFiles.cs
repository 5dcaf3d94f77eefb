using Dapper;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>The contents the ingest job has loaded (table ingest_files, keyed by SHA-256), written once for both stores.</summary>
internal sealed class SqlLoadedFiles(SqlSession session)
{
    public Task<LoadedFile?> FindAsync(string contentHash, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (await connection.QuerySingleOrDefaultAsync<Row>(SqlProposals.Command(
            "SELECT content_hash AS ContentHash, name AS Name, kind AS Kind, load_id AS LoadId, loaded_at AS LoadedAt FROM ingest_files WHERE content_hash = @contentHash",
            new { contentHash }, null, cancellationToken)))?.ToRecord(), cancellationToken);

    public Task RememberAsync(LoadedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return session.WriteAsync((connection, transaction) => connection.ExecuteAsync(SqlProposals.Command(
            "INSERT INTO ingest_files (content_hash, name, kind, load_id, loaded_at) VALUES (@hash, @name, @kind, @loadId, @at) ON CONFLICT (content_hash) DO NOTHING",
            new { hash = file.ContentHash, name = file.Name, kind = file.Kind.ToString(), loadId = file.LoadId, at = session.Instant(file.LoadedAt) }, transaction, cancellationToken)),
            cancellationToken);
    }

    private sealed class Row
    {
        public string ContentHash { get; set; } = "";

        public string Name { get; set; } = "";

        public string Kind { get; set; } = "";

        public long LoadId { get; set; }

        public object LoadedAt { get; set; } = "";

        public LoadedFile ToRecord() => new(ContentHash, Name, Enum.Parse<IngestKind>(Kind), LoadId, SqlSession.ReadInstant(LoadedAt));
    }
}
