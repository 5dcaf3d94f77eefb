using System.CommandLine;
using System.Globalization;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary><c>forecasting keys create|revoke|list</c>: API keys for the service's API, stored hashed; the key is
/// printed once at creation. Every creation and revocation is written to the audit log.</summary>
internal static class KeysCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("keys", "Create, revoke and list API keys (stored hashed; roles planner, designer, ops, admin).");
        var actor = new Option<string>("--actor") { Description = "who makes the change (audit log)", DefaultValueFactory = _ => Environment.UserName };

        var database = CommonOptions.Database();
        var name = new Option<string>("--name") { Required = true, Description = "who or what the key is for" };
        var role = new Option<string>("--role") { Required = true, Description = string.Join(", ", Roles.All) };
        var owner = new Option<string?>("--owner") { Description = "the person the key belongs to: decisions taken with it are recorded under this name (default: the key's name)" };
        var create = new Command("create", "Create a key and print it (it cannot be shown again).") { database, name, role, owner, actor };
        create.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var (key, record) = await ApiKeys.CreateAsync(store, result.GetValue(name)!, result.GetValue(role)!, result.GetValue(actor)!, result.GetValue(owner), cancellationToken);
            console.MarkupLineInterpolated($"key {record.Id} for {record.Name} ({record.Role}): {key}");
            console.MarkupLine("Store it now: only its hash is kept.");
            return 0;
        });

        var revokeDatabase = CommonOptions.Database();
        var id = new Argument<long>("id");
        var revoke = new Command("revoke", "Revoke a key.") { id, revokeDatabase, actor };
        revoke.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(revokeDatabase)!, null, cancellationToken);
            if (!await store.RevokeApiKeyAsync(result.GetValue(id), result.GetValue(actor)!, cancellationToken))
            {
                console.MarkupLineInterpolated($"[red]error:[/] no active key {result.GetValue(id)}");
                return CliApp.ExitError;
            }

            console.MarkupLineInterpolated($"key {result.GetValue(id)} revoked");
            return 0;
        });

        var listDatabase = CommonOptions.Database();
        var format = Listing.FormatOption();
        var list = new Command("list", "Keys (never the keys themselves).") { listDatabase, format };
        list.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenExistingAsync(result.GetValue(listDatabase)!, null, cancellationToken);
            var keys = await store.ListApiKeysAsync(cancellationToken);
            Listing.Write(console, result.GetValue(format), ["id", "name", "owner", "role", "prefix", "created", "by", "revoked"],
                keys.Select(k => new object?[] { k.Id, k.Name, k.Owner, k.Role, k.Prefix, k.CreatedAt, k.CreatedBy, k.RevokedAt }));
            return 0;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(revoke);
        command.Subcommands.Add(list);
        return command;
    }
}
