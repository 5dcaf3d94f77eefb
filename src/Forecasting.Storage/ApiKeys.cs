using System.Security.Cryptography;
using System.Text;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage;

/// <summary>
/// API keys: 32 random bytes (base64url, prefixed "fk_"), shown once at creation; the store keeps only the
/// SHA-256 of the key (a random 256-bit key needs no slow hash) and its first 10 characters to recognise it.
/// </summary>
public static class ApiKeys
{
    public static (string Key, string Prefix, byte[] Hash) Generate()
    {
        string key = "fk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (key, key[..10], Hash(key));
    }

    public static byte[] Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Creates a key for <paramref name="role"/>; returns the key itself (shown once) and its record.</summary>
    public static Task<(string Key, ApiKeyRecord Record)> CreateAsync(IAccessStore store, string name, string role, string actor, CancellationToken cancellationToken = default) =>
        CreateAsync(store, name, role, actor, null, cancellationToken);

    /// <summary>Creates a key for <paramref name="role"/> owned by <paramref name="owner"/> (the person its decisions are
    /// recorded under); returns the key itself (shown once) and its record.</summary>
    public static async Task<(string Key, ApiKeyRecord Record)> CreateAsync(IAccessStore store, string name, string role, string actor, string? owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"Unknown role '{role}'; roles: {string.Join(", ", Roles.All)}.");
        }

        var (key, prefix, hash) = Generate();
        return (key, await store.CreateApiKeyAsync(name, role, prefix, hash, actor, string.IsNullOrWhiteSpace(owner) ? null : owner.Trim(), cancellationToken));
    }
}
