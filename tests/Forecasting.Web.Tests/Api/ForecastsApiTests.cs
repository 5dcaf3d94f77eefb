using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecasting.Core.Forecasting;
using Forecasting.Pipeline.Ingest;
using Forecasting.Pipeline.Training;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Tests.Api;

public sealed class ForecastsApiTests
{
    private static async Task LoadAndTrainAsync(ApiServer server)
    {
        var ingest = new IngestService(server.Store);
        await using (var catalog = new MemoryStream(Encoding.UTF8.GetBytes("sku,category,color,price\nR,dresses,red,30\nB,dresses,blue,60\nX,tops,green,10\n")))
        {
            await ingest.IngestAsync(IngestKind.Catalog, catalog, "catalog.csv", new IngestOptions { AutoRegister = true });
        }

        var csv = new StringBuilder("sku,region,date,units\n");
        var first = new DateOnly(2025, 2, 1);
        for (int d = 0; d < 42; d++)
        {
            foreach (var (region, r) in new[] { ("north", 0), ("south", 1) })
            {
                foreach (var (sku, s) in new[] { ("R", 0), ("B", 1), ("X", 2) })
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{sku},{region},{first.AddDays(d):yyyy-MM-dd},{((d * (s + 2)) + r + (d % 7 == 4 ? 3 : 0)) % 6}\n");
                }
            }
        }

        await using (var demand = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
        {
            await ingest.IngestAsync(IngestKind.Demand, demand, "demand.csv", new IngestOptions { AutoRegister = true });
        }

        await new ForecastTrainer(server.Store, server.Store).RunAsync(new SeasonalNaiveForecaster(), new TrainingOptions { Horizon = 5 });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_category_by_region_forecast_is_the_sum_of_its_sku_forecasts_and_reads_for_designers_planners_and_ops(bool postgres)
    {
        await using var server = await ApiServer.StartAsync(postgres);
        await LoadAndTrainAsync(server);

        var cells = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/forecasts?level=category,region&region=north", Roles.Designer));
        var skus = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/forecasts?level=sku,region&category=dresses&region=north", Roles.Planner));
        var total = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/forecasts?level=total", Roles.Ops));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { cells.StatusCode, skus.StatusCode, total.StatusCode });
        var cellBody = await cells.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("category,region", "bottom-up"), (cellBody.GetProperty("level").GetString(), cellBody.GetProperty("method").GetString()));
        var series = cellBody.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["dresses", "tops"], series.Select(s => s.GetProperty("category").GetString()));
        Assert.All(series, s => Assert.Equal(("north", JsonValueKind.Null), (s.GetProperty("region").GetString(), s.GetProperty("sku").ValueKind)));
        var dresses = series[0].GetProperty("forecast").EnumerateArray().ToList();
        Assert.Equal(5, dresses.Count);
        var bySku = (await skus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["B", "R"], bySku.Select(s => s.GetProperty("sku").GetString()));
        for (int h = 0; h < 5; h++)
        {
            double sum = bySku.Sum(s => s.GetProperty("forecast")[h].GetProperty("mean").GetDouble());
            Assert.Equal(sum, dresses[h].GetProperty("mean").GetDouble(), 9);
            Assert.True(dresses[h].GetProperty("p90").GetDouble() - dresses[h].GetProperty("p10").GetDouble()
                <= bySku.Sum(s => s.GetProperty("forecast")[h].GetProperty("p90").GetDouble() - s.GetProperty("forecast")[h].GetProperty("p10").GetDouble()) + 1e-9);
        }

        Assert.Single((await total.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/forecasts", "level")]
    [InlineData("/api/forecasts?level=color", "level")]
    [InlineData("/api/forecasts?level=total&colour=red", "colour")]
    [InlineData("/api/forecasts?level=category&region=north", "region")]
    [InlineData("/api/forecasts?level=region&sku=R", "sku")]
    [InlineData("/api/forecasts?level=category,region&category=hats", "category")]
    [InlineData("/api/forecasts?level=category,region&region=west", "region")]
    [InlineData("/api/forecasts?level=sku&sku=NOPE", "sku")]
    [InlineData("/api/forecasts?level=total&run=last", "run")]
    public async Task A_bad_level_filter_or_value_is_a_400_naming_it(string path, string field)
    {
        await using var server = await ApiServer.StartAsync(postgres: false);
        await LoadAndTrainAsync(server);

        var response = await server.Client.SendAsync(server.Request(HttpMethod.Get, path, Roles.Designer));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path}: {problem}");
    }
}
