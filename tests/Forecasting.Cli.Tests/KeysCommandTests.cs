using System.Text.RegularExpressions;
using Forecasting.Storage;

namespace Forecasting.Cli.Tests;

public sealed partial class KeysCommandTests
{
    [Fact]
    public async Task A_key_created_on_the_command_line_is_shown_once_stored_hashed_and_revocable()
    {
        using var temp = new TempFolder();
        string db = temp.File("store.db");

        var (exit, output) = await CliRunner.RunAsync("keys", "create", "--name", "ops bot", "--role", "ops", "--db", db, "--actor", "ana");
        var (badRole, badOutput) = await CliRunner.RunAsync("keys", "create", "--name", "x", "--role", "root", "--db", db);

        Assert.True(exit == 0, output);
        string key = KeyPattern().Match(output).Value;
        Assert.StartsWith("fk_", key, StringComparison.Ordinal);
        var store = await StoreFactory.OpenAsync(db);
        Assert.Equal("ops", (await store.FindApiKeyAsync(ApiKeys.Hash(key)))!.Role);
        Assert.Equal(1, badRole);
        Assert.Contains("Unknown role 'root'", badOutput, StringComparison.Ordinal);
        var (listed, list) = await CliRunner.RunAsync("keys", "list", "--db", db);
        Assert.Equal(0, listed);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.Contains(key[..10], list, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("keys", "revoke", "1", "--db", db, "--actor", "bob")).ExitCode);
        Assert.Equal(1, (await CliRunner.RunAsync("keys", "revoke", "1", "--db", db)).ExitCode);
        Assert.Null(await store.FindApiKeyAsync(ApiKeys.Hash(key)));
        Assert.Equal(["key.revoke", "key.create"], (await store.ListAuditAsync()).Select(a => a.Action));
    }

    [GeneratedRegex("fk_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();
}
