using System.Data.Common;
using Dapper;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>API keys and the audit log of their changes, written once for both stores (Dapper, named parameters).</summary>
internal sealed class SqlAccess(SqlSession session)
{
    public Task<ApiKeyRecord> CreateApiKeyAsync(string name, string role, string prefix, byte[] hash, string actor, string? owner, CancellationToken cancellationToken) =>
        session.WriteAsync(async (connection, transaction) =>
        {
            long id = await connection.ExecuteScalarAsync<long>(SqlProposals.Command(
                "INSERT INTO api_keys (name, role, prefix, hash, created_at, created_by, owner) VALUES (@name, @role, @prefix, @hash, @at, @actor, @owner) RETURNING id",
                new { name, role, prefix, hash, at = session.Now(), actor, owner }, transaction, cancellationToken));
            await AuditAsync(connection, transaction, actor, "key.create", $"api key {id}", null, $"{name} ({role}, {prefix}...){(owner is null ? "" : " owned by " + owner)}", cancellationToken);
            return (await FindAsync(connection, transaction, "id = @value", id, cancellationToken))!;
        }, cancellationToken);

    /// <returns>False when the key does not exist or was already revoked (nothing is written then).</returns>
    public Task<bool> RevokeApiKeyAsync(long id, string actor, CancellationToken cancellationToken) => session.WriteAsync(async (connection, transaction) =>
    {
        if (await connection.ExecuteAsync(SqlProposals.Command("UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", new { at = session.Now(), id }, transaction, cancellationToken)) != 1)
        {
            return false;
        }

        var key = (await FindAsync(connection, transaction, "id = @value", id, cancellationToken))!;
        await AuditAsync(connection, transaction, actor, "key.revoke", $"api key {id}", $"{key.Name} ({key.Role}) active", "revoked", cancellationToken);
        return true;
    }, cancellationToken);

    public Task<ApiKeyRecord?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken) =>
        session.ReadAsync(connection => FindAsync(connection, null, "hash = @value AND revoked_at IS NULL", hash, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<ApiKeyRecord>)[.. (await connection.QueryAsync<ApiKeyRow>(SqlProposals.Command($"SELECT {ApiKeyRow.Columns} FROM api_keys ORDER BY id", null, null, cancellationToken))).Select(r => r.ToRecord())],
        cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<AuditEntry>)[.. (await connection.QueryAsync<AuditRow>(SqlProposals.Command(
            $"SELECT {AuditRow.Columns} FROM audit_log ORDER BY id DESC LIMIT @limit", new { limit }, null, cancellationToken))).Select(r => r.ToRecord())],
        cancellationToken);

    public Task<IReadOnlyList<KeyRingEntry>> ReadKeyRingAsync(CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<KeyRingEntry>)[.. await connection.QueryAsync<KeyRingEntry>(SqlProposals.Command("SELECT name AS Name, xml AS Xml FROM data_protection_keys ORDER BY name", null, null, cancellationToken))],
        cancellationToken);

    public Task SaveKeyRingEntryAsync(KeyRingEntry entry, CancellationToken cancellationToken) => session.WriteAsync(async (connection, transaction) =>
        await connection.ExecuteAsync(SqlProposals.Command("INSERT INTO data_protection_keys (name, xml) VALUES (@Name, @Xml) ON CONFLICT (name) DO NOTHING", entry, transaction, cancellationToken)),
        cancellationToken);

    private Task AuditAsync(DbConnection connection, DbTransaction transaction, string actor, string action, string subject, string? before, string? after, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(SqlProposals.Command("INSERT INTO audit_log (at, actor, action, subject, before, after) VALUES (@at, @actor, @action, @subject, @before, @after)",
            new { at = session.Now(), actor, action, subject, before, after }, transaction, cancellationToken));

    private static async Task<ApiKeyRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string where, object value, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(SqlProposals.Command($"SELECT {ApiKeyRow.Columns} FROM api_keys WHERE {where}", new { value }, transaction, cancellationToken)))?.ToRecord();
}
