using System.Globalization;
using System.Text.Json;
using Forecasting.Core.Planning;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;

namespace Forecasting.Cli.Tests;

/// <summary><c>forecasting exports list</c> in the three listing formats.</summary>
public sealed class ExportsCommandTests
{
    /// <summary>A store with four proposals, three of them approved (moves to w2, w1, w2).</summary>
    private static async Task<string> StoreWithApprovedMovesAsync(TempFolder temp)
    {
        string database = temp.File("store.db");
        var store = await StoreFactory.OpenAsync(database);
        var plan = await store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await store.WriteProposalsAsync(plan.Id, [.. Enumerable.Range(1, 4).Select(i =>
            new TransferProposal($"SKU{i}", "dc", i % 2 == 0 ? "w1" : "w2", 10 * i, new DateOnly(2026, 3, 4), 9, 80, 60, 100, 90, 50, 50 + (10 * i), 0.95, 10 * i, i, 100.0 * i, "Auto"))]);
        var decisions = new ProposalDecisions(store);
        foreach (var proposal in (await store.ListProposalsAsync()).Where(p => p.Proposal.Sku != "SKU4"))
        {
            Assert.Equal(DecisionRefusal.None, (await decisions.DecideAsync(proposal.Id, proposal.Version, DecisionAction.Approve, "ana")).Refusal);
        }

        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        return database;
    }

    [Fact]
    public async Task Exports_list_prints_csv_and_json_that_parse_back_to_the_batches()
    {
        using var temp = new TempFolder();
        string database = await StoreWithApprovedMovesAsync(temp);
        Assert.Equal(0, (await CliRunner.RunAsync("exports", "create", "--warehouse", "w1", "--actor", "night, \"robot\"", "--db", database)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("exports", "create", "--format", "json", "--actor", "ana", "--db", database)).ExitCode);

        var (csvExit, csv) = await CliRunner.RunAsync("exports", "list", "--db", database, "--format", "csv");
        var (jsonExit, json) = await CliRunner.RunAsync("exports", "list", "--db", database, "--format", "json");
        var (tableExit, table) = await CliRunner.RunAsync("exports", "list", "--db", database);

        Assert.Equal((0, 0, 0), (csvExit, jsonExit, tableExit));
        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("id,created,by,format,warehouse,sku,moves", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^2,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d),ana,json,,,2$", lines[1]); // newest first; no filter: empty fields
        Assert.Matches(@"^1,[^,]+,""night, """"robot"""""",csv,w1,,1$", lines[2]);
        using var document = JsonDocument.Parse(json);
        var batches = document.RootElement.EnumerateArray().ToList();
        Assert.Equal([2L, 1L], batches.Select(b => b.GetProperty("id").GetInt64()));
        Assert.Equal([2, 1], batches.Select(b => b.GetProperty("moves").GetInt32()));
        Assert.Equal(("night, \"robot\"", "csv", "w1"), (batches[1].GetProperty("by").GetString(), batches[1].GetProperty("format").GetString(), batches[1].GetProperty("warehouse").GetString()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (batches[0].GetProperty("warehouse").ValueKind, batches[1].GetProperty("sku").ValueKind));
        Assert.True(DateTimeOffset.TryParse(batches[0].GetProperty("created").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        Assert.Contains("night, \"robot\"", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_list_of_a_store_that_does_not_exist_fails_and_creates_nothing()
    {
        using var temp = new TempFolder();
        string missing = temp.File("none.db");

        var (exit, output) = await CliRunner.RunAsync("exports", "list", "--db", missing, "--format", "json");

        Assert.Equal(CliApp.ExitError, exit);
        Assert.Contains("none.db: no such store", output, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }
}
