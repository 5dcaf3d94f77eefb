using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Web.Tests.Api;

public sealed class TrendsApiTests
{
    /// <summary>Five weeks to Sunday 2025-03-30: R (red) and B (blue) in north and south, 4 units and 100 views a day,
    /// except R's views in the north in the last week, 400 a day.</summary>
    private static readonly DateOnly First = new(2025, 2, 24), Last = new(2025, 3, 30);

    private static async Task LoadAsync(ApiServer server)
    {
        var ingest = new IngestService(server.Store);
        await using (var catalog = new MemoryStream(Encoding.UTF8.GetBytes("sku,category,color,price\nR,dresses,red,30\nB,dresses,blue,60\nX,tops,green,10\n")))
        {
            await ingest.IngestAsync(IngestKind.Catalog, catalog, "catalog.csv", new IngestOptions { AutoRegister = true });
        }

        var csv = new StringBuilder("sku,region,date,units,views,cart_adds\n");
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            foreach (var region in new[] { "north", "south" })
            {
                foreach (var sku in new[] { "R", "B" })
                {
                    int views = sku == "R" && region == "north" && day > Last.AddDays(-7) ? 400 : 100;
                    csv.Append(CultureInfo.InvariantCulture, $"{sku},{region},{day:yyyy-MM-dd},4,{views},8\n");
                }
            }
        }

        await using var demand = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        await ingest.IngestAsync(IngestKind.Demand, demand, "demand.csv", new IngestOptions { AutoRegister = true });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_designer_reads_weekly_trends_by_colour_and_region_and_the_emerging_colours(bool postgres)
    {
        await using var server = await ApiServer.StartAsync(postgres);
        await LoadAsync(server);

        var byColour = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/trends?attribute=colour&weeks=2", Roles.Designer));
        var northRed = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/trends?attribute=category,color&region=north&color=red&weeks=1", Roles.Designer));
        var emerging = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/trends/emerging?by=color", Roles.Designer));
        var fading = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/trends/fading", Roles.Planner));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { byColour.StatusCode, northRed.StatusCode, emerging.StatusCode, fading.StatusCode });
        var body = await byColour.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2025-03-30", body.GetProperty("lastDay").GetString());
        var series = body.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["blue", "red"], series.Select(s => s.GetProperty("group").GetProperty("color").GetString()));
        var redLastWeek = series[1].GetProperty("weeks")[1];
        Assert.Equal(("2025-03-24", "2025-W13"), (redLastWeek.GetProperty("week").GetString(), redLastWeek.GetProperty("isoWeek").GetString()));
        Assert.Equal(56, redLastWeek.GetProperty("units").GetInt64()); // 4 a day x 7 days x 2 regions
        Assert.Equal((7 * 400) + (7 * 100), redLastWeek.GetProperty("views").GetInt64());
        Assert.Equal(56.0 / 3500, redLastWeek.GetProperty("unitsPerView").GetDouble(), 12);
        Assert.Equal(0.5, redLastWeek.GetProperty("unitsPerCartAdd").GetDouble(), 12);
        Assert.Equal(0, redLastWeek.GetProperty("unitsGrowth4Weeks").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, redLastWeek.GetProperty("unitsGrowthYear").ValueKind); // no year-ago data

        var north = await northRed.Content.ReadFromJsonAsync<JsonElement>();
        var only = Assert.Single(north.GetProperty("series").EnumerateArray().ToList());
        Assert.Equal(("dresses", "red"), (only.GetProperty("group").GetProperty("category").GetString(), only.GetProperty("group").GetProperty("color").GetString()));
        Assert.Equal(2800, only.GetProperty("weeks")[0].GetProperty("views").GetInt64());

        var ranked = await emerging.Content.ReadFromJsonAsync<JsonElement>();
        var red = Assert.Single(ranked.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(("red", 1, "north"), (red.GetProperty("key").GetString(), red.GetProperty("rank").GetInt32(), red.GetProperty("regionsTurned")[0].GetString()));
        Assert.Equal("2025-03-24", ranked.GetProperty("recentFrom").GetString());
        Assert.Empty((await fading.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/trends?attribute=colour&colr=red", "colr")]
    [InlineData("/api/trends?attribute=colour&color=purple", "color")]
    [InlineData("/api/trends?attribute=shade", "attribute")]
    [InlineData("/api/trends?attribute=colour&weeks=0", "weeks")]
    [InlineData("/api/trends?attribute=colour&region=atlantis", "region")]
    [InlineData("/api/trends?attribute=price_band&bands=50,20", "bands")]
    [InlineData("/api/trends/emerging?by=region", "by")]
    [InlineData("/api/trends/emerging?top=5000", "top")]
    [InlineData("/api/trends/fading?asOf=yesterday", "asOf")]
    public async Task An_unknown_parameter_or_value_is_a_400_naming_it(string path, string field)
    {
        await using var server = await ApiServer.StartAsync(postgres: false);
        await LoadAsync(server);

        var response = await server.Client.SendAsync(server.Request(HttpMethod.Get, path, Roles.Designer));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trends_need_a_key()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);

        var anonymous = await server.Client.GetAsync("/api/trends?attribute=colour");
        var emerging = await server.Client.GetAsync("/api/trends/emerging");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymous.StatusCode, emerging.StatusCode));
    }
}
