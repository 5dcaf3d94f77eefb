using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Tests.Contract;

/// <summary>API keys are stored hashed, found by hash while active, revoked once, and every change is audited; the web
/// app's key ring keeps its entries.</summary>
public abstract class AccessStoreTests : StoreContractTests
{
    [Fact]
    public async Task A_key_is_found_by_its_hash_until_revoked_and_both_changes_are_audited()
    {
        using var temp = NewStore();
        var (key, record) = await ApiKeys.CreateAsync(temp.Store, "planning team", Roles.Planner, "admin-ana");

        var found = await temp.Store.FindApiKeyAsync(ApiKeys.Hash(key));
        var wrong = await temp.Store.FindApiKeyAsync(ApiKeys.Hash(key + "x"));
        bool revoked = await temp.Store.RevokeApiKeyAsync(record.Id, "admin-bob");
        bool again = await temp.Store.RevokeApiKeyAsync(record.Id, "admin-bob");
        var afterRevoke = await temp.Store.FindApiKeyAsync(ApiKeys.Hash(key));

        Assert.Equal((record.Id, Roles.Planner, key[..10]), (found!.Id, found.Role, found.Prefix));
        Assert.Null(wrong);
        Assert.True(revoked);
        Assert.False(again);
        Assert.Null(afterRevoke);
        Assert.NotNull((await temp.Store.ListApiKeysAsync()).Single().RevokedAt);
        var audit = await temp.Store.ListAuditAsync();
        Assert.Equal(["key.revoke", "key.create"], audit.Select(a => a.Action));
        Assert.Equal(("admin-bob", "revoked"), (audit[0].Actor, audit[0].After));
        Assert.DoesNotContain(audit, a => (a.After ?? "").Contains(key, StringComparison.Ordinal)); // the key itself is never stored
        Assert.Throws<ArgumentException>(() => ApiKeys.CreateAsync(temp.Store, "x", "superuser", "admin").GetAwaiter().GetResult());
    }

    [Fact]
    public async Task The_key_ring_keeps_every_entry_once_as_first_written()
    {
        using var temp = NewStore();
        Assert.Empty(await temp.Store.ReadKeyRingAsync());
        await temp.Store.SaveKeyRingEntryAsync(new KeyRingEntry("key-b", "<key id=\"b\" />"));
        await temp.Store.SaveKeyRingEntryAsync(new KeyRingEntry("key-a", "<key id=\"a\"><secret>\u00e9</secret></key>"));
        await temp.Store.SaveKeyRingEntryAsync(new KeyRingEntry("key-b", "<key id=\"changed\" />"));

        var ring = await temp.Store.ReadKeyRingAsync();
        Assert.Equal([new KeyRingEntry("key-a", "<key id=\"a\"><secret>\u00e9</secret></key>"), new KeyRingEntry("key-b", "<key id=\"b\" />")], ring);
    }
}

public sealed class AccessStoreTestsOnSqlite : AccessStoreTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class AccessStoreTestsOnPostgres : AccessStoreTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
