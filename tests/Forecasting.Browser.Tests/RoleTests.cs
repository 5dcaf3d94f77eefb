using Forecasting.Core.Domain;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Microsoft.Playwright;

namespace Forecasting.Browser.Tests;

/// <summary>What designers and ops see, and what the server refuses them.</summary>
[Collection(AppCollection.Name)]
public sealed class RoleTests(AppServer server)
{
    [Fact]
    public async Task A_designer_sees_no_planner_pages_and_gets_403_even_when_posting_an_approval_directly()
    {
        var page = await server.SignInAsync("designer");
        Assert.Equal(0, await page.Locator("nav >> text=Proposals").CountAsync());
        await AppServer.ShotAsync(page, "designer-home");
        Assert.Equal(1, await page.Locator("nav >> text=Trends").CountAsync());

        var response = await page.GotoAsync("/app/proposals");
        Assert.Equal(403, response!.Status);
        await AppServer.ShotAsync(page, "designer-forbidden");

        var (_, open) = await server.Store.QueryProposalsAsync(new ProposalQuery(ProposalStatus.Proposed, PageSize: 1));
        var target = open[0];
        Assert.Equal(403, await PostApprovalAsync(page, target));
        Assert.Equal(ProposalStatus.Proposed, (await server.Store.GetProposalAsync(target.Id))!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_even_for_a_planner()
    {
        var page = await server.SignInAsync("planner");
        var (_, open) = await server.Store.QueryProposalsAsync(new ProposalQuery(ProposalStatus.Proposed, Sort: "-quantity", PageSize: 1));
        var target = open[0];
        Assert.Equal(400, await PostApprovalAsync(page, target));
        Assert.Equal(target.Version, (await server.Store.GetProposalAsync(target.Id))!.Version);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Ops_see_accuracy_by_model_and_the_recorded_job_run()
    {
        var page = await server.SignInAsync("ops");
        Assert.Equal(1, await page.Locator("nav >> text=Proposals").CountAsync()); // ops read the queue, without the decision buttons
        await AppServer.ShotAsync(page, "ops-home");
        await page.ClickAsync("nav >> text=Accuracy");
        var rows = await server.Store.QueryAccuracyAsync(new AccuracyQuery(["model"]));
        Assert.NotEmpty(rows);
        string table = await page.InnerTextAsync("[data-testid=accuracy]");
        Assert.Contains(rows[0].Segment["model"], table);
        Assert.NotNull(await page.QuerySelectorAsync(".chart svg"));
        Assert.Equal(1, await page.Locator("[data-testid=edits-none], [data-testid=edits-summary]").CountAsync()); // the planners' edits section
        await AppServer.ShotAsync(page, "ops-accuracy");
        await page.GotoAsync("/app/ops/accuracy?by=bucket");
        await AppServer.ShotAsync(page, "ops-accuracy-by-bucket");

        await page.ClickAsync("nav >> text=Jobs");
        string jobs = await page.InnerTextAsync("[data-testid=jobs]");
        Assert.Contains("plan", jobs);
        Assert.Contains("test-node", jobs);
        Assert.Contains("completed", jobs);
        await AppServer.ShotAsync(page, "ops-jobs");
        await page.ClickAsync("nav >> text=Alerts");
        await AppServer.ShotAsync(page, "ops-alerts");
        await page.ClickAsync("nav >> text=Ingest");
        var loads = await server.Store.ListLoadsAsync(100);
        Assert.Equal(loads.Count, await page.Locator("[data-testid=loads] tbody tr").CountAsync());
        Assert.Contains(Path.GetFileName(loads[0].Source), await page.InnerTextAsync("[data-testid=loads] tbody tr >> nth=0"));
        await AppServer.ShotAsync(page, "ops-ingest");
        await page.ClickAsync("nav >> text=Health");
        Assert.Contains("healthy", await page.InnerTextAsync("[data-testid=checks]"));
        string nodes = await page.InnerTextAsync("[data-testid=nodes]");
        Assert.Contains("test-node", nodes);
        Assert.Contains("No clustered node", await page.InnerTextAsync("main")); // the fixture's store has no Quartz cluster
        var production = (await server.Store.ListRunsAsync()).LatestCompletedProduction()!;
        Assert.Contains($"run {production.Id}", await page.InnerTextAsync("[data-testid=pipeline]"));
        await AppServer.ShotAsync(page, "ops-health");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Ops_acknowledge_an_open_alert_once_and_a_designer_cannot()
    {
        var alert = await server.Store.RaiseAlertAsync(new Forecasting.Core.Accuracy.DriftCondition("coverage", "region", "browser-test", 0.6, 0.8, "coverage fell in browser-test"), new DateOnly(2025, 6, 1));
        var designer = await server.SignInAsync("designer");
        var post = await designer.Context.APIRequest.PostAsync($"/app/ops/alerts/{alert.Id}/acknowledge", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(403, post.Status);
        await designer.Context.CloseAsync();

        var page = await server.SignInAsync("ops");
        await page.GotoAsync("/app/ops/alerts");
        await page.ClickAsync($"[data-testid=ack-{alert.Id}] button");
        await page.WaitForSelectorAsync("p.done");
        Assert.Contains("ops key", await page.InnerTextAsync($"[data-testid=ack-{alert.Id}]"));
        await AppServer.ShotAsync(page, "ops-alert-acknowledged");
        var stored = (await server.Store.ListAlertsAsync(openOnly: true)).Single(a => a.Id == alert.Id);
        Assert.Equal(("ops key", AccuracyAlert.Open), (stored.AcknowledgedBy, stored.Status));
        await server.Store.ClearAlertAsync(alert.Id, new DateOnly(2025, 6, 2)); // leave the shared store's alerts as they were
        await page.Context.CloseAsync();
    }

    /// <summary>Posts an approval straight to the app's endpoint with the page's cookie but no anti-forgery token; the status.</summary>
    private static async Task<int> PostApprovalAsync(IPage page, StoredProposal target)
    {
        var post = await page.Context.APIRequest.PostAsync($"/app/proposals/{target.Id}/decide", new APIRequestContextOptions
        {
            Form = page.Context.APIRequest.CreateFormData().Set("action", "approve").Set("version", target.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            MaxRedirects = 0,
        });
        return post.Status;
    }
}
