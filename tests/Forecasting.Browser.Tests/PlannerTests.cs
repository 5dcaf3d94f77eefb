using System.Globalization;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Microsoft.Playwright;

namespace Forecasting.Browser.Tests;

/// <summary>A planner's day in the browser: the queue, a proposal, an edit with its recomputed value, an approval, an
/// export downloaded again; and two planners racing for one proposal.</summary>
[Collection(AppCollection.Name)]
public sealed class PlannerTests(AppServer server)
{
    [Fact]
    public async Task A_planner_filters_edits_with_the_recomputed_benefit_approves_and_downloads_the_export_again()
    {
        var page = await server.SignInAsync("planner");
        await AppServer.ShotAsync(page, "planner-home");
        var (_, open) = await server.Store.QueryProposalsAsync(new ProposalQuery(ProposalStatus.Proposed, PageSize: 500));
        Assert.True(open.Count >= 4, $"the plan proposed only {open.Count} moves");
        var editable = open.First(p => p.Proposal.Limits is { } l && EditTo(p) is not null);
        int quantity = EditTo(editable)!.Value;
        string warehouse = editable.Proposal.To;

        await page.ClickAsync("nav >> text=Proposals");
        await page.SelectOptionAsync("select[name=status]", "proposed");
        string region = (await server.Store.GetNetworkAsync()).Warehouses.First(w => w.Id == warehouse).RegionsServed[0];
        await page.FillAsync("input[name=warehouse]", warehouse);
        await page.FillAsync("input[name=region]", region);
        await page.ClickAsync("form.filters button");
        await page.WaitForURLAsync("**warehouse=" + warehouse + "**");
        var (total, _) = await server.Store.QueryProposalsAsync(new ProposalQuery(ProposalStatus.Proposed, warehouse, PageSize: 1) { Region = region });
        Assert.True(total >= 1);
        Assert.Contains($"{total.ToString("N0", CultureInfo.InvariantCulture)} proposals match", await page.InnerTextAsync("p.count"));
        await AppServer.ShotAsync(page, "planner-queue-filtered");

        await page.GotoAsync($"/app/proposals/{editable.Id}");
        Assert.NotNull(await page.QuerySelectorAsync(".chart svg"));
        await page.FillAsync("input[name=quantity]", quantity.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("text=Recompute");
        var expected = editable.ToAggregate().Revalue(quantity);
        Assert.Equal(expected.Benefit.ToString("#,0.00", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-testid=recomputed-benefit]"));
        await AppServer.ShotAsync(page, "planner-proposal-edit-preview");
        await page.ClickAsync("text=Confirm edit");
        await page.WaitForSelectorAsync("p.done");
        var edited = await server.Store.GetProposalAsync(editable.Id);
        Assert.Equal(ProposalStatus.Edited, edited!.Status);
        Assert.Equal(quantity, edited.Quantity);
        Assert.Equal("Ann Planner", (await server.Store.ListDecisionsAsync(editable.Id))[^1].Actor);
        Assert.Equal(expected.Benefit.ToString("#,0.00", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-testid=benefit]"));
        await AppServer.ShotAsync(page, "planner-proposal-edited");

        var other = open.First(p => p.Id != editable.Id && p.Status == ProposalStatus.Proposed && p.Proposal.To != warehouse);
        await page.GotoAsync($"/app/proposals/{other.Id}");
        await page.ClickAsync("button:text-is('Approve')");
        await page.WaitForSelectorAsync("p.done");
        Assert.Equal(ProposalStatus.Approved, (await server.Store.GetProposalAsync(other.Id))!.Status);
        await AppServer.ShotAsync(page, "planner-proposal-approved");

        await page.ClickAsync("nav >> text=Exports");
        await page.ClickAsync("text=Export the approved moves");
        await page.WaitForURLAsync("**created=**");
        long batch = long.Parse(page.Url.Split("created=")[1], CultureInfo.InvariantCulture);
        await AppServer.ShotAsync(page, "planner-exports");
        foreach (int attempt in new[] { 1, 2 })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"[data-testid=download-{batch}]"));
            string csv = await File.ReadAllTextAsync((await download.PathAsync())!);
            Assert.Contains($"\n{editable.Id},{editable.Proposal.Sku},{editable.Proposal.From},{editable.Proposal.To},{quantity},", csv);
            Assert.Contains($"\n{other.Id},", csv);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task When_two_planners_race_for_one_proposal_the_loser_sees_the_winners_decision_and_the_current_state()
    {
        var ann = await server.SignInAsync("planner");
        var bea = await server.SignInAsync("planner2");
        var (_, open) = await server.Store.QueryProposalsAsync(new ProposalQuery(ProposalStatus.Proposed, Sort: "quantity", PageSize: 5));
        long id = open[0].Id;
        await ann.GotoAsync($"/app/proposals/{id}");
        await bea.GotoAsync($"/app/proposals/{id}");

        await bea.ClickAsync("button:text-is('Approve')");
        await bea.WaitForSelectorAsync("p.done");
        await ann.FillAsync("input[name=reason]", "too early");
        await ann.ClickAsync("button:text-is('Reject')");
        await ann.WaitForSelectorAsync("p.conflict");
        string banner = await ann.InnerTextAsync("p.conflict");
        Assert.Contains("Bea Planner approved it", banner);
        Assert.Contains("It is now approved", banner);
        await AppServer.ShotAsync(ann, "planner-conflict");
        Assert.Equal(ProposalStatus.Approved, (await server.Store.GetProposalAsync(id))!.Status);
        Assert.DoesNotContain(await server.Store.ListDecisionsAsync(id), d => d.Action == DecisionAction.Reject);
        await ann.Context.CloseAsync();
        await bea.Context.CloseAsync();
    }

    [Fact]
    public async Task The_queue_and_a_proposal_with_its_chart_fit_a_390_px_phone()
    {
        var page = await server.SignInAsync("planner", 390, 844);
        await page.GotoAsync("/app/proposals?status=proposed");
        Assert.True(await page.IsVisibleAsync("form.filters button"));
        int scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"the page is {scrollWidth} px wide on a 390 px screen (only the table may scroll sideways)");
        await AppServer.ShotAsync(page, "planner-queue-phone");
        await page.ClickAsync("table.grid a");
        await page.WaitForSelectorAsync(".chart svg");
        scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"the proposal page is {scrollWidth} px wide on a 390 px screen");
        Assert.True(await page.EvaluateAsync<int>("document.querySelector('.chart svg').getBoundingClientRect().width") <= 390, "the chart does not shrink to the phone");
        await AppServer.ShotAsync(page, "planner-proposal-phone");
        await page.Context.CloseAsync();
    }

    /// <summary>A valid edit: one case fewer, when the lane minimum allows; else null.</summary>
    private static int? EditTo(StoredProposal p)
    {
        if (p.Proposal.Limits is not { } l)
        {
            return null;
        }

        int q = p.Quantity - l.CasePack;
        return q >= Math.Max(1, l.LaneMinimum) && p.ToAggregate().Broken(q) is null ? q : null;
    }
}
