using System.Globalization;
using System.Text.Json;
using Forecasting.Core.Planning;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Cli.Tests;

public sealed class PlanCommandTests
{
    [Fact]
    public async Task Plan_then_approve_edit_reject_and_export_the_approved_moves_in_a_batch_that_can_be_read_again()
    {
        using var temp = new TempFolder();
        await CliRunner.RunAsync("generate", "--skus", "60", "--regions", "4", "--days", "120", "--out", temp.File("inbox"));
        var (exit, output) = await CliRunner.RunAsync("run", "--job", "ingest", "--db", temp.File("store.db"), "--drop-folder", temp.File("inbox"));
        Assert.True(exit == 0, output);
        (exit, output) = await CliRunner.RunAsync("run", "--job", "train", "--db", temp.File("store.db"), "--shards", "2", "--model", "snaive");
        Assert.True(exit == 0, output);

        (exit, output) = await CliRunner.RunAsync("plan", "--db", temp.File("store.db"));

        Assert.True(exit == 0, output);
        Assert.Contains("plan run 1 (forecast run 1", output, StringComparison.Ordinal);
        var store = await StoreFactory.OpenAsync(temp.File("store.db"));
        var proposals = await store.ListProposalsAsync();
        Assert.True(proposals.Count >= 3, output);
        Assert.All(proposals, p => Assert.True(p.Proposal.Benefit > 0 && p.Quantity > 0));
        var (first, second, third) = (proposals[0], proposals[1], proposals[2]);

        var limits = second.Proposal.Limits!;
        int smaller = limits.CasePack * (int)Math.Ceiling(Math.Max(1, limits.LaneMinimum) / (double)limits.CasePack); // the smallest legal move

        Assert.Equal(0, (await CliRunner.RunAsync("proposals", "approve", Id(first), "--version", "1", "--db", temp.File("store.db"), "--actor", "ana")).ExitCode);
        var (stale, staleOutput) = await CliRunner.RunAsync("proposals", "reject", Id(first), "--version", "1", "--reason", "late", "--db", temp.File("store.db"));
        Assert.Equal(0, (await CliRunner.RunAsync("proposals", "edit", Id(second), "--version", "1", "--quantity", smaller.ToString(CultureInfo.InvariantCulture), "--db", temp.File("store.db"), "--actor", "bob")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("proposals", "reject", Id(third), "--version", "1", "--reason", "shelf full", "--db", temp.File("store.db"))).ExitCode);
        (exit, output) = await CliRunner.RunAsync("plan", "--db", temp.File("store.db")); // a new plan keeps the approvals and plans around them
        Assert.True(exit == 0, output);
        var replanned = await store.ListProposalsAsync(planRunId: 2, limit: 100_000);
        int Planned(IEnumerable<StoredProposal> plan, StoredProposal move) => plan.Where(p => p.Proposal.Sku == move.Proposal.Sku && p.Proposal.To == move.Proposal.To).Sum(p => p.Proposal.Quantity);
        Assert.True(Planned(replanned, first) < Planned(proposals, first), $"plan 2 proposes {Planned(replanned, first)} units of {first.Proposal.Sku} to {first.Proposal.To} again");
        Assert.Equal((ProposalStatus.Approved, ProposalStatus.Edited), ((await store.GetProposalAsync(first.Id))!.Status, (await store.GetProposalAsync(second.Id))!.Status));
        Assert.Equal(0, (await CliRunner.RunAsync("exports", "create", "--format", "json", "--out", temp.File("moves.json"), "--db", temp.File("store.db"))).ExitCode);
        var (again, againOutput) = await CliRunner.RunAsync("exports", "create", "--format", "csv", "--out", temp.File("again.csv"), "--db", temp.File("store.db"));
        var (reread, _) = await CliRunner.RunAsync("exports", "get", "1", "--format", "csv", "--out", temp.File("reread.csv"), "--db", temp.File("store.db"));
        var (shown, show) = await CliRunner.RunAsync("proposals", "show", Id(second), "--db", temp.File("store.db"));
        var (tooMany, tooManyOutput) = await CliRunner.RunAsync("proposals", "edit", Id(third), "--version", "2", "--quantity", "2147483647", "--db", temp.File("store.db"));

        Assert.Equal(1, stale);
        Assert.Contains("Conflict", staleOutput, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(temp.File("moves.json")));
        var moves = json.RootElement.GetProperty("moves").EnumerateArray().ToList();
        Assert.Equal([first.Id, second.Id], moves.Select(m => m.GetProperty("proposal_id").GetInt64()));
        Assert.Equal([first.Quantity, smaller], moves.Select(m => m.GetProperty("quantity").GetInt32()));
        Assert.Equal(first.Proposal.ArriveBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), moves[0].GetProperty("arrive_by").GetString());
        Assert.Equal((0, 0, 0), (again, reread, shown));
        Assert.Contains("bob", show, StringComparison.Ordinal); // the history: who edited
        Assert.Contains("exported", show, StringComparison.Ordinal);
        Assert.Contains("expected shortage avoided", show, StringComparison.Ordinal); // the reasons
        Assert.Equal(1, tooMany);
        Assert.Contains("rejected: no further decision", tooManyOutput, StringComparison.Ordinal);
        Assert.Contains("export batch 2: 0 moves", againOutput, StringComparison.Ordinal);
        Assert.Equal(["proposal_id,sku,from_warehouse,to_warehouse,quantity,arrive_by"], await File.ReadAllLinesAsync(temp.File("again.csv"))); // already exported
        Assert.Equal([first.Id, second.Id], (await File.ReadAllLinesAsync(temp.File("reread.csv"))).Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture))); // batch 1 again
        var statuses = (await store.ListProposalsAsync()).ToDictionary(p => p.Id, p => p.Status);
        Assert.Equal((ProposalStatus.Exported, ProposalStatus.Exported, ProposalStatus.Rejected), (statuses[first.Id], statuses[second.Id], statuses[third.Id]));
        Assert.Equal([DecisionAction.Approve, DecisionAction.Export], (await store.ListDecisionsAsync(first.Id)).Select(d => d.Action));
    }

    private static string Id(StoredProposal proposal) => proposal.Id.ToString(CultureInfo.InvariantCulture);
}
