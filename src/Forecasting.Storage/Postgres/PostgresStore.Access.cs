using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<ApiKeyRecord> CreateApiKeyAsync(string name, string role, string prefix, byte[] hash, string actor, string? owner, CancellationToken cancellationToken = default) =>
        _access.CreateApiKeyAsync(name, role, prefix, hash, actor, owner, cancellationToken);

    public Task<bool> RevokeApiKeyAsync(long id, string actor, CancellationToken cancellationToken = default) => _access.RevokeApiKeyAsync(id, actor, cancellationToken);

    public Task<ApiKeyRecord?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken = default) => _access.FindApiKeyAsync(hash, cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken = default) => _access.ListApiKeysAsync(cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit = 200, CancellationToken cancellationToken = default) => _access.ListAuditAsync(limit, cancellationToken);
}
