using Forecasting.Storage.Abstractions;
using Npgsql;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string KeyColumns = "id, name, role, prefix, created_at, created_by, revoked_at";

    public Task<ApiKeyRecord> CreateApiKeyAsync(string name, string role, string prefix, byte[] hash, string actor, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = Command(connection, transaction,
            "INSERT INTO api_keys (name, role, prefix, hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", name, role, prefix, hash, _clock.GetUtcNow(), actor);
        long id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await AuditAsync(connection, transaction, actor, "key.create", $"api key {id}", null, $"{name} ({role}, {prefix}...)", cancellationToken);
        var record = (await FindKeyAsync(connection, transaction, "id = $1", id, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return record;
    }, cancellationToken);

    public Task<bool> RevokeApiKeyAsync(long id, string actor, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ExecuteAsync(connection, transaction, "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", cancellationToken, _clock.GetUtcNow(), id) != 1)
        {
            return false;
        }

        var key = (await FindKeyAsync(connection, transaction, "id = $1", id, cancellationToken))!;
        await AuditAsync(connection, transaction, actor, "key.revoke", $"api key {id}", $"{key.Name} ({key.Role}) active", "revoked", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    public Task<ApiKeyRecord?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await FindKeyAsync(connection, null, "hash = $1 AND revoked_at IS NULL", hash, cancellationToken);
    }, cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {KeyColumns} FROM api_keys ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadKey(reader));
        }

        return (IReadOnlyList<ApiKeyRecord>)keys;
    }, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit = 200, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT id, at, actor, action, subject, before, after FROM audit_log ORDER BY id DESC LIMIT $1", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return (IReadOnlyList<AuditEntry>)entries;
    }, cancellationToken);

    private async Task AuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string actor, string action, string subject, string? before, string? after, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, "INSERT INTO audit_log (at, actor, action, subject, before, after) VALUES ($1, $2, $3, $4, $5, $6)",
            cancellationToken, _clock.GetUtcNow(), actor, action, subject, before, after);

    private static async Task<ApiKeyRecord?> FindKeyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, object value, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {KeyColumns} FROM api_keys WHERE {where}", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
    }

    private static ApiKeyRecord ReadKey(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero), reader.GetString(5),
            reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero));
}
