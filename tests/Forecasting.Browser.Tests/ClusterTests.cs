using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Browser.Tests;

/// <summary>Two nodes over one store, as behind a load balancer: a sign-in and a form made by one are honoured by the other.</summary>
[Collection(AppCollection.Name)]
public sealed class ClusterTests(AppServer server)
{
    [Fact]
    public async Task A_planner_signed_in_on_one_node_approves_on_the_other_with_the_key_ring_kept_in_the_store()
    {
        var page = await server.SignInAsync("planner");
        Assert.NotEmpty(await server.Store.ReadKeyRingAsync()); // the ring both nodes read

        var (_, open) = await server.Store.QueryProposalsAsync(new ProposalQuery(ProposalStatus.Proposed, Sort: "id", PageSize: 50));
        var target = open[^1];
        var response = await page.GotoAsync(new Uri(server.SecondNode, $"/app/proposals/{target.Id}").ToString());
        Assert.Equal(200, response!.Status); // the first node's cookie, read by the second
        Assert.Contains("/app/proposals/", page.Url);

        await page.ClickAsync("button:text-is('Approve')"); // the second node's anti-forgery token and cookie
        await page.WaitForSelectorAsync("p.done");
        var decided = await server.Store.GetProposalAsync(target.Id);
        Assert.Equal(ProposalStatus.Approved, decided!.Status);
        Assert.Equal("Ann Planner", (await server.Store.ListDecisionsAsync(target.Id))[^1].Actor);
        await page.Context.CloseAsync();
    }
}
