using Forecasting.Storage.Abstractions;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

public sealed partial class SqliteStore : IAccessStore
{
    private const string KeyColumns = "id, name, role, prefix, created_at, created_by, revoked_at";

    public Task<ApiKeyRecord> CreateApiKeyAsync(string name, string role, string prefix, byte[] hash, string actor, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = Command(connection, transaction,
            "INSERT INTO api_keys (name, role, prefix, hash, created_at, created_by) VALUES ($n, $r, $p, $h, $t, $a) RETURNING id", "$n", "$r", "$p", "$h", "$t", "$a");
        insert.Parameters[0].Value = name;
        insert.Parameters[1].Value = role;
        insert.Parameters[2].Value = prefix;
        insert.Parameters[3].Value = hash;
        insert.Parameters[4].Value = Now();
        insert.Parameters[5].Value = actor;
        long id = (long)insert.ExecuteScalar()!;
        Audit(connection, transaction, actor, "key.create", $"api key {id}", null, $"{name} ({role}, {prefix}...)");
        var record = FindKey(connection, transaction, "id = $v", id)!;
        transaction.Commit();
        return Task.FromResult(record);
    }

    public Task<bool> RevokeApiKeyAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var update = Command(connection, transaction, "UPDATE api_keys SET revoked_at = $t WHERE id = $id AND revoked_at IS NULL", "$t", "$id");
        update.Parameters[0].Value = Now();
        update.Parameters[1].Value = id;
        if (update.ExecuteNonQuery() != 1)
        {
            return Task.FromResult(false);
        }

        var key = FindKey(connection, transaction, "id = $v", id)!;
        Audit(connection, transaction, actor, "key.revoke", $"api key {id}", $"{key.Name} ({key.Role}) active", "revoked");
        transaction.Commit();
        return Task.FromResult(true);
    }

    public Task<ApiKeyRecord?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        return Task.FromResult(FindKey(connection, null, "hash = $v AND revoked_at IS NULL", hash));
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, $"SELECT {KeyColumns} FROM api_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (reader.Read())
        {
            keys.Add(ReadKey(reader));
        }

        return Task.FromResult<IReadOnlyList<ApiKeyRecord>>(keys);
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit = 200, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT id, at, actor, action, subject, before, after FROM audit_log ORDER BY id DESC LIMIT $l", "$l");
        command.Parameters[0].Value = limit;
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), Instant(reader, 1)!.Value, reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return Task.FromResult<IReadOnlyList<AuditEntry>>(entries);
    }

    private void Audit(SqliteConnection connection, SqliteTransaction transaction, string actor, string action, string subject, string? before, string? after)
    {
        using var command = Command(connection, transaction, "INSERT INTO audit_log (at, actor, action, subject, before, after) VALUES ($t, $a, $x, $s, $b, $f)", "$t", "$a", "$x", "$s", "$b", "$f");
        command.Parameters[0].Value = Now();
        command.Parameters[1].Value = actor;
        command.Parameters[2].Value = action;
        command.Parameters[3].Value = subject;
        command.Parameters[4].Value = Db(before);
        command.Parameters[5].Value = Db(after);
        command.ExecuteNonQuery();
    }

    private static ApiKeyRecord? FindKey(SqliteConnection connection, SqliteTransaction? transaction, string where, object value)
    {
        using var command = Command(connection, transaction, $"SELECT {KeyColumns} FROM api_keys WHERE {where}", "$v");
        command.Parameters[0].Value = value;
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadKey(reader) : null;
    }

    private static ApiKeyRecord ReadKey(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Instant(reader, 4)!.Value, reader.GetString(5), Instant(reader, 6));
}
