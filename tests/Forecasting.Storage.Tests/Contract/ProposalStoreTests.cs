using Forecasting.Storage.Files;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Tests.Contract;

/// <summary>Plan runs, proposals and their lifecycle with the audit trail, on both stores.</summary>
public abstract class ProposalStoreTests : StoreContractTests
{
    private static TransferProposal Proposal(string sku, string from, string to, int quantity, double benefit) =>
        new(sku, from, to, quantity, new DateOnly(2026, 3, 4), 9, 80, 60, 100, 90, 50, 50 + quantity, 0.95, quantity * 0.9, quantity * 0.5, benefit, "Auto");

    [Fact]
    public async Task A_page_filters_by_the_destinations_region_and_the_skus_category()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync(); // wh-north serves north, wh-south south; A dresses, B jeans, C knitwear
        var run = await temp.Store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await temp.Store.WriteProposalsAsync(run.Id, [Proposal("A", "dc", "wh-north", 8, 10), Proposal("B", "dc", "wh-north", 5, 20), Proposal("A", "dc", "wh-south", 4, 30), Proposal("C", "wh-north", "wh-south", 6, 40)]);

        async Task<string[]> Page(ProposalQuery query) => [.. (await temp.Store.QueryProposalsAsync(query)).Items.Select(p => $"{p.Proposal.Sku}>{p.Proposal.To}")];
        Assert.Equal(["B>wh-north", "A>wh-north"], await Page(new ProposalQuery { Region = "north" }));
        Assert.Equal(["A>wh-south", "A>wh-north"], await Page(new ProposalQuery { Category = "dresses" }));
        Assert.Equal(["C>wh-south", "A>wh-south"], await Page(new ProposalQuery { Region = "south" }));
        Assert.Equal(["A>wh-south"], await Page(new ProposalQuery(ProposalStatus.Proposed) { Region = "south", Category = "dresses" }));
        Assert.Equal(1, (await temp.Store.QueryProposalsAsync(new ProposalQuery(PageSize: 1) { Region = "south", Category = "dresses" })).Total);
        Assert.Empty(await Page(new ProposalQuery { Region = "nowhere" }));
    }

    [Fact]
    public async Task A_page_filters_by_the_abc_class_the_proposal_was_planned_in_and_keeps_the_class()
    {
        using var temp = NewStore();
        var run = await temp.Store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await temp.Store.WriteProposalsAsync(run.Id, [
            Proposal("A", "dc", "w1", 8, 10) with { AbcClass = 'A' }, Proposal("B", "dc", "w1", 5, 20) with { AbcClass = 'B' },
            Proposal("C", "dc", "w2", 4, 30) with { AbcClass = 'A' }, Proposal("D", "dc", "w2", 6, 40)]);

        async Task<string[]> Page(ProposalQuery query) => [.. (await temp.Store.QueryProposalsAsync(query)).Items.Select(p => $"{p.Proposal.Sku}:{p.Proposal.AbcClass}")];
        Assert.Equal(["C:A", "A:A"], await Page(new ProposalQuery { AbcClass = 'A' }));
        Assert.Equal(["B:B"], await Page(new ProposalQuery { AbcClass = 'B' }));
        Assert.Empty(await Page(new ProposalQuery { AbcClass = 'C' }));
        Assert.Equal(["A:A"], await Page(new ProposalQuery(Sort: "benefit", PageSize: 1) { AbcClass = 'A' }));
        Assert.Equal(["D:", "C:A", "B:B", "A:A"], await Page(new ProposalQuery())); // a proposal planned without a class matches no class
    }

    [Fact]
    public async Task Decisions_follow_the_lifecycle_with_versions_and_an_audit_trail()
    {
        using var temp = NewStore();
        var run = await temp.Store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await temp.Store.WriteProposalsAsync(run.Id, [Proposal("A", "dc", "w1", 30, 100), Proposal("B", "w2", "w1", 12, 250.5)]);

        var listed = await temp.Store.ListProposalsAsync();
        Assert.Equal(["B", "A"], listed.Select(p => p.Proposal.Sku)); // best benefit first
        Assert.Equal((ProposalStatus.Proposed, 1, 12, 250.5), (listed[0].Status, listed[0].Version, listed[0].Quantity, listed[0].Proposal.Benefit));
        Assert.Equal((PlanRunStatus.Completed, 2, 350.5), (await temp.Store.ListPlanRunsAsync()).Single() is var r ? (r.Status, r.Proposals, r.TotalBenefit) : default);
        long a = listed[1].Id, b = listed[0].Id;

        var approved = await temp.Store.DecideAsync(a, 1, "approve", "ana");
        var stale = await temp.Store.DecideAsync(a, 1, "reject", "bob", reason: "too early");
        var noReason = await temp.Store.DecideAsync(b, 1, "reject", "bob");
        var edited = await temp.Store.DecideAsync(b, 1, "edit", "bob", quantity: 8);
        var exported = await temp.Store.DecideAsync(a, 2, "export", "system");
        var afterExport = await temp.Store.DecideAsync(a, 3, "reject", "ana", reason: "late");
        var missing = await temp.Store.DecideAsync(999, 1, "approve", "ana");

        Assert.Equal((DecisionRefusal.None, ProposalStatus.Approved, 2), (approved.Refusal, approved.Current!.Status, approved.Current.Version));
        Assert.Equal((DecisionRefusal.Conflict, ProposalStatus.Approved), (stale.Refusal, stale.Current!.Status));
        Assert.Equal((DecisionRefusal.Invalid, "reject needs a reason"), (noReason.Refusal, noReason.Reason));
        Assert.Equal((ProposalStatus.Edited, 8), (edited.Current!.Status, edited.Current.Quantity));
        Assert.Equal(ProposalStatus.Exported, exported.Current!.Status);
        Assert.Equal(DecisionRefusal.Invalid, afterExport.Refusal);
        Assert.Equal(DecisionRefusal.NotFound, missing.Refusal);
        var trail = await temp.Store.ListDecisionsAsync(b);
        Assert.Equal(("bob", DecisionAction.Edit, (int?)12, (int?)8), (trail.Single().Actor, trail.Single().Action, trail.Single().QuantityBefore, trail.Single().QuantityAfter));
        Assert.Equal([DecisionAction.Approve, DecisionAction.Export], (await temp.Store.ListDecisionsAsync(a)).Select(d => d.Action));
    }

    [Fact]
    public async Task A_new_plan_supersedes_the_undecided_proposals_of_earlier_plans_keeps_their_approvals_and_rewriting_a_plan_keeps_its_decisions()
    {
        using var temp = NewStore();
        var first = await temp.Store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await temp.Store.WriteProposalsAsync(first.Id, [Proposal("A", "dc", "w1", 30, 100), Proposal("B", "dc", "w2", 10, 50), Proposal("C", "dc", "w2", 5, 20)]);
        var open = await temp.Store.ListProposalsAsync(planRunId: first.Id);
        await temp.Store.DecideAsync(open.Single(p => p.Proposal.Sku == "B").Id, 1, "reject", "ana", reason: "no space");
        await temp.Store.DecideAsync(open.Single(p => p.Proposal.Sku == "C").Id, 1, "approve", "ana");
        await temp.Store.WriteProposalsAsync(first.Id, [Proposal("A", "dc", "w1", 31, 101), Proposal("B", "dc", "w2", 10, 50), Proposal("C", "dc", "w2", 5, 20)]);
        var rewritten = await temp.Store.ListProposalsAsync(planRunId: first.Id);

        var second = await temp.Store.CreatePlanRunAsync(2, new DateOnly(2026, 3, 9));
        await temp.Store.WriteProposalsAsync(second.Id, [Proposal("A", "dc", "w1", 20, 80)]);
        var old = await temp.Store.ListProposalsAsync(planRunId: first.Id);
        var a = old.Single(p => p.Proposal.Sku == "A");
        var late = await temp.Store.DecideAsync(a.Id, a.Version, "approve", "bob");

        Assert.Equal(["A:31:proposed", "B:10:rejected", "C:5:approved"], rewritten.Select(p => $"{p.Proposal.Sku}:{p.Quantity}:{ProposalWire.Name(p.Status)}").Order());
        Assert.Equal(["A:superseded", "B:rejected", "C:approved"], old.Select(p => $"{p.Proposal.Sku}:{ProposalWire.Name(p.Status)}").Order()); // issue 14: approvals survive a new plan
        Assert.Equal(DecisionRefusal.Invalid, late.Refusal);
        Assert.Contains("superseded", late.Reason, StringComparison.Ordinal);
        Assert.Equal((ProposalDecision.System, DecisionAction.Supersede), (await temp.Store.ListDecisionsAsync(a.Id)).Single() is var d ? (d.Actor, d.Action) : default);
    }

    [Fact]
    public async Task A_proposal_whose_plan_is_stale_is_expired_instead_of_approved()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var forecastRun = await temp.Store.CreateRunAsync(Core.Domain.ForecastRunKind.Production, DateTimeOffset.UtcNow, new DateOnly(2026, 3, 1), 28, "Auto");
        await temp.Store.CompleteRunAsync(forecastRun.Id, Core.Domain.ForecastRunStatus.Completed, 1);
        var plan = await temp.Store.CreatePlanRunAsync(forecastRun.Id, new DateOnly(2026, 3, 1));
        await temp.Store.WriteProposalsAsync(plan.Id, [Proposal("A", "dc", "wh-north", 30, 100), Proposal("B", "dc", "wh-north", 10, 50)]);
        var proposals = await temp.Store.ListProposalsAsync();
        var a = proposals.Single(p => p.Proposal.Sku == "A");
        var b = proposals.Single(p => p.Proposal.Sku == "B");
        var fresh = await temp.Store.DecideAsync(a.Id, 1, "approve", "ana");

        await Task.Delay(20); // the load finishes strictly after the plan was made
        await temp.Load(Forecasting.Storage.Abstractions.IngestKind.Inventory, "warehouse,sku,on_hand\nwh-north,B,7\n", "inventory.csv");
        var stale = await temp.Store.DecideAsync(b.Id, 1, "approve", "ana");
        var rejectStale = await temp.Store.DecideAsync(a.Id, 2, "export", "system");

        Assert.True(fresh.Applied);
        Assert.Equal((DecisionRefusal.Invalid, ProposalStatus.Expired), (stale.Refusal, stale.Current!.Status));
        Assert.Contains("inventory changed after this plan", stale.Reason, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Exported, rejectStale.Current!.Status); // issue 14: an approval stands; only approving or editing needs a fresh plan
        Assert.Equal("stale: inventory changed after this plan", (await temp.Store.ListDecisionsAsync(b.Id)).Single().Reason);
    }

    [Fact]
    public async Task Of_many_concurrent_approvals_of_one_proposal_exactly_one_wins()
    {
        using var temp = NewStore();
        var run = await temp.Store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await temp.Store.WriteProposalsAsync(run.Id, [Proposal("A", "dc", "w1", 30, 100)]);
        long id = (await temp.Store.ListProposalsAsync()).Single().Id;

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => temp.Store.DecideAsync(id, 1, "approve", $"planner{i}"))));

        Assert.Equal(1, results.Count(r => r.Applied));
        Assert.Equal(11, results.Count(r => r.Refusal == DecisionRefusal.Conflict));
        Assert.Single(await temp.Store.ListDecisionsAsync(id));
    }

    [Fact]
    public async Task Pages_of_every_sort_and_filter_cover_the_sorted_listing_exactly_once_in_any_order_of_requests()
    {
        using var temp = NewStore();
        var run = await temp.Store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        var random = new Random(7);
        // More rows than a store's page-index stride, with many ties in benefit and quantity.
        await temp.Store.WriteProposalsAsync(run.Id, [.. Enumerable.Range(0, 1_234).Select(i => Proposal($"S{i:D4}", "dc", $"w{i % 3}", 1 + random.Next(20), random.Next(40) * 2.5))]);
        var all = await temp.Store.ListProposalsAsync(limit: 10_000);
        foreach (var proposal in all.Where((_, i) => i % 5 == 0))
        {
            await temp.Store.DecideAsync(proposal.Id, 1, "approve", "ana");
        }

        all = await temp.Store.ListProposalsAsync(limit: 10_000);
        var orders = new Dictionary<string, Func<IEnumerable<StoredProposal>, IEnumerable<StoredProposal>>>
        {
            ["-benefit"] = p => p.OrderByDescending(x => x.Proposal.Benefit).ThenBy(x => x.Id),
            ["benefit"] = p => p.OrderBy(x => x.Proposal.Benefit).ThenBy(x => x.Id),
            ["quantity"] = p => p.OrderBy(x => x.Quantity).ThenBy(x => x.Id),
            ["-quantity"] = p => p.OrderByDescending(x => x.Quantity).ThenBy(x => x.Id),
            ["id"] = p => p.OrderBy(x => x.Id),
        };
        foreach (var (sort, order) in orders)
        {
            foreach (var (status, warehouse, min) in new (ProposalStatus?, string?, double?)[] { (null, null, null), (ProposalStatus.Approved, null, null), (null, "w1", 30.0) })
            {
                long[] expected = [.. order(all.Where(p => (status is null || p.Status == status) && (warehouse is null || p.Proposal.To == warehouse) && (min is null || p.Proposal.Benefit >= min))).Select(p => p.Id)];
                const int size = 37;
                int pages = (expected.Length + size - 1) / size;
                var seen = new long[pages][];
                // Deep pages first, then the rest shuffled: however the pages are reached, each holds its slice.
                foreach (int page in new[] { pages, pages / 2 }.Concat(Enumerable.Range(1, pages).OrderBy(_ => random.Next())).Distinct())
                {
                    var (total, items) = await temp.Store.QueryProposalsAsync(new ProposalQuery(status, warehouse, null, min, sort, page, size));
                    Assert.Equal(expected.Length, total);
                    seen[page - 1] = [.. items.Select(p => p.Id)];
                }

                Assert.Equal(expected, seen.SelectMany(p => p));
                Assert.Empty((await temp.Store.QueryProposalsAsync(new ProposalQuery(status, warehouse, null, min, sort, pages + 1, size))).Items);
            }
        }

        // A decision changes what a listing holds: the next request sees it, deep pages included.
        var deepest = (await temp.Store.QueryProposalsAsync(new ProposalQuery(ProposalStatus.Proposed, Sort: "id", Page: 30, PageSize: 33))).Items;
        await temp.Store.DecideAsync(deepest[0].Id, deepest[0].Version, "reject", "ana", reason: "no");
        var (after, page30) = await temp.Store.QueryProposalsAsync(new ProposalQuery(ProposalStatus.Proposed, Sort: "id", Page: 30, PageSize: 33));
        Assert.Equal(all.Count(p => p.Status == ProposalStatus.Proposed) - 1, after);
        Assert.Equal(deepest.Skip(1).Select(p => p.Id), page30.Take(deepest.Count - 1).Select(p => p.Id));
    }
}

public sealed class ProposalStoreTestsOnSqlite : ProposalStoreTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class ProposalStoreTestsOnPostgres : ProposalStoreTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
