using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Tests.Api;

public sealed class SeriesApiTests
{
    [Fact]
    public async Task A_series_comes_with_its_recent_history_and_the_latest_forecast_and_designers_may_read_it()
    {
        await using var server = await ApiServer.StartAsync(postgres: true);
        await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand?autoRegister=true", Roles.Ops,
            new StringContent("sku,region,date,units\nA,north,2024-01-01,2\nA,north,2024-01-03,5\nB,north,2024-01-02,1\n", Encoding.UTF8, "text/csv")));
        var run = await server.Store.CreateRunAsync(ForecastRunKind.Production, DateTimeOffset.UtcNow, new DateOnly(2024, 1, 3), 2, "SES");
        await server.Store.WriteForecastsAsync(run.Id, [new SeriesForecast(new SeriesKey("A", "north"), "SES", Granularity.Day, new DateOnly(2024, 1, 4), [3, 3.5], [0.1, 0.5, 0.9], [1, 1.5, 3, 3.5, 5, 6])]);
        await server.Store.CompleteRunAsync(run.Id, ForecastRunStatus.Completed, 1);

        var response = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/series/A/north?days=2", Roles.Designer));
        var missing = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/series/Z/north", Roles.Designer));
        var anonymous = await server.Client.GetAsync("/api/series/A/north");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized), (response.StatusCode, missing.StatusCode, anonymous.StatusCode));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2024-01-02:0", "2024-01-03:5"], body.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("date").GetString()}:{h.GetProperty("units").GetDouble()}"));
        Assert.Equal(run.Id, body.GetProperty("forecastRun").GetInt64());
        var first = body.GetProperty("forecast")[0];
        Assert.Equal(("2024-01-04", 3.0, 1.0, 5.0), (first.GetProperty("date").GetString(), first.GetProperty("mean").GetDouble(), first.GetProperty("p10").GetDouble(), first.GetProperty("p90").GetDouble()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_latest_run_lists_its_series_filtered_by_category_region_and_model_and_paged(bool postgres)
    {
        await using var server = await ApiServer.StartAsync(postgres);
        await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/catalog", Roles.Ops, new StringContent("sku,category\nA,dresses\nB,jeans\nC,dresses\n", Encoding.UTF8, "text/csv")));
        await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand?autoRegister=true", Roles.Ops,
            new StringContent("sku,region,date,units\nA,north,2024-01-01,2\nB,north,2024-01-01,1\nC,south,2024-01-01,1\nC,north,2024-01-01,3\n", Encoding.UTF8, "text/csv")));
        var run = await server.Store.CreateRunAsync(ForecastRunKind.Production, DateTimeOffset.UtcNow, new DateOnly(2024, 1, 1), 2, "Auto");
        SeriesForecast F(string sku, string region, string model, double level) =>
            new(new SeriesKey(sku, region), model, Granularity.Day, new DateOnly(2024, 1, 2), [level, level], [0.1, 0.5, 0.9], [level, level, level, level, level, level]);
        await server.Store.WriteForecastsAsync(run.Id, [F("A", "north", "SES", 1), F("B", "north", "SSA", 2), F("C", "south", "SES", 3), F("C", "north", "SSA", 4)]);
        await server.Store.CompleteRunAsync(run.Id, ForecastRunStatus.Completed, 4);

        async Task<JsonElement> Get(string query) => await (await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/series" + query, Roles.Designer))).Content.ReadFromJsonAsync<JsonElement>();
        var dresses = await Get("?category=dresses");
        var north = await Get("?region=north&model=SSA");
        var second = await Get("?page=2&pageSize=3");

        Assert.Equal(["A/north", "C/north", "C/south"], dresses.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("sku").GetString()}/{i.GetProperty("region").GetString()}"));
        Assert.Equal(["B", "C"], north.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
        Assert.Equal(8.0, north.GetProperty("items")[1].GetProperty("total").GetDouble()); // 4 a day over 2 days
        Assert.Equal((4, 1), (second.GetProperty("total").GetInt32(), second.GetProperty("items").GetArrayLength()));
    }

    [Fact]
    public async Task A_filter_the_listing_does_not_take_is_refused_naming_it_instead_of_being_ignored()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);

        var response = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/series?color=red&category=dresses&sise=3", Roles.Designer));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["color", "sise"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("category", errors.GetProperty("color")[0].GetString(), StringComparison.Ordinal);
    }
}
