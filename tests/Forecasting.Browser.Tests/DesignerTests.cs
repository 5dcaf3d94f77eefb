using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Browser.Tests;

/// <summary>A designer's round in the browser: trends by attribute with interest against units, the emerging items with
/// their evidence, and an item page with sales, interest and the forecast band by region.</summary>
[Collection(AppCollection.Name)]
public sealed class DesignerTests(AppServer server)
{
    [Fact]
    public async Task A_designer_reads_colour_trends_then_the_emerging_items_then_one_items_regions()
    {
        var page = await server.SignInAsync("designer");
        await page.ClickAsync("nav >> text=Trends");
        await page.SelectOptionAsync("select[name=by]", "color");
        await page.SelectOptionAsync("select[name=weeks]", "8");
        await page.ClickAsync("form.filters button");
        await page.WaitForURLAsync("**by=color**");

        var expected = await server.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Color], Weeks: 8));
        string table = await page.InnerTextAsync("[data-testid=trends]");
        Assert.NotEmpty(expected.Series);
        foreach (var series in expected.Series)
        {
            Assert.Contains(series.Group[TrendDimension.Color]!, table);
        }

        Assert.Equal(expected.Series.Count, await page.Locator("[data-testid=trends] tbody tr").CountAsync());
        Assert.Equal(2, await page.Locator(".chart svg").CountAsync()); // units by colour, and the top colour's interest against units
        await AppServer.ShotAsync(page, "designer-trends-by-colour");

        var last = expected.Series.OrderBy(s => s.Weeks.Sum(w => w.Totals.Units)).First();
        string colour = last.Group[TrendDimension.Color]!;
        await page.ClickAsync($"[data-testid=trends] a:text-is('{colour}')");
        await page.WaitForURLAsync("**focus=**");
        Assert.Contains(colour, await page.InnerTextAsync("[data-testid=trends] tr.focus"));

        await page.GotoAsync("/app/trends?by=color&region=nowhere");
        Assert.Contains("region: no region 'nowhere' in the store", await page.InnerTextAsync("p.refused"));

        await page.ClickAsync("text=Emerging and fading items");
        var emerging = await server.Store.RankEmergenceAsync(new EmergenceQuery(EmergenceDirection.Emerging, Top: 20));
        Assert.NotEmpty(emerging.Items);
        var rows = page.Locator("[data-testid=emerging] tbody tr");
        Assert.Equal(emerging.Items.Count, await rows.CountAsync());
        Assert.Contains(emerging.Items[0].Key, await rows.First.InnerTextAsync());
        await AppServer.ShotAsync(page, "designer-emerging");

        string sku = emerging.Items[0].Key;
        await page.ClickAsync($"[data-testid=emerging] a:text-is('{sku}')");
        await page.WaitForURLAsync("**/app/items/**");
        var regions = new List<string>();
        await foreach (var s in server.Store.ReadDailySeriesAsync(null, code => code == sku))
        {
            regions.Add(s.Key.Region);
        }

        string regionTable = await page.InnerTextAsync("[data-testid=item-regions]");
        Assert.All(regions, r => Assert.Contains(r, regionTable));
        Assert.Equal(regions.Count, await page.Locator("[data-testid=item-regions] tbody tr").CountAsync());
        Assert.True(await page.Locator(".chart svg").CountAsync() >= 1);
        Assert.Contains("forecast p10-p90", await page.InnerHTMLAsync(".chart"));
        await AppServer.ShotAsync(page, "designer-item");

        var missing = await page.GotoAsync("/app/items/NO-SUCH-SKU");
        Assert.Equal(404, missing!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_planner_cannot_open_the_designers_pages()
    {
        var page = await server.SignInAsync("planner");
        Assert.Equal(0, await page.Locator("nav >> text=Trends").CountAsync());
        Assert.Equal(403, (await page.GotoAsync("/app/trends/emerging"))!.Status);
        await page.Context.CloseAsync();
    }
}
