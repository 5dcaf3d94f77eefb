namespace Forecasting.Storage.Abstractions;

/// <summary>Roles of the service's users (issue 6): planners decide proposals, designers read trends and
/// forecasts, ops read accuracy and run jobs, admins do everything.</summary>
public static class Roles
{
    public const string Planner = "planner";
    public const string Designer = "designer";
    public const string Ops = "ops";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Planner, Designer, Ops, Admin];
}

/// <summary>An API key as stored: never the key itself, only its SHA-256 hash and a short prefix to recognise it.</summary>
/// <param name="Owner">The person the key belongs to: the actor of the decisions taken with it (keys made before owners
/// were recorded have none, and act under their <paramref name="Name"/>).</param>
public sealed record ApiKeyRecord(long Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? Owner = null)
{
    /// <summary>Who acts with this key.</summary>
    public string Actor => Owner ?? Name;
}

/// <summary>One entry of the audit log (key changes here; proposal decisions have their own trail).</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After);

/// <summary>One entry of the web app's data-protection key ring: ASP.NET Core's XML of a key, under its name.</summary>
public sealed record KeyRingEntry(string Name, string Xml);

/// <summary>API keys (hashed), the audit log of their changes, and the web app's key ring.</summary>
public interface IAccessStore
{
    /// <summary>Stores a key's hash and writes "key.create" to the audit log, in one transaction.</summary>
    Task<ApiKeyRecord> CreateApiKeyAsync(string name, string role, string prefix, byte[] hash, string actor, string? owner, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key (audit "key.revoke"); false when it does not exist or was already revoked.</summary>
    Task<bool> RevokeApiKeyAsync(long id, string actor, CancellationToken cancellationToken = default);

    /// <summary>The active key with this hash, or null.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit = 200, CancellationToken cancellationToken = default);

    /// <summary>The data-protection key ring's entries (ASP.NET Core's key XML, by name), oldest first: one ring for
    /// every node of the service, so a sign-in cookie or anti-forgery token made by one node is read by the others.</summary>
    Task<IReadOnlyList<KeyRingEntry>> ReadKeyRingAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a key ring entry; an entry with the same name is kept as it is (entries never change once written).</summary>
    Task SaveKeyRingEntryAsync(KeyRingEntry entry, CancellationToken cancellationToken = default);
}

