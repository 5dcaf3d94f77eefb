using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecasting.Storage.Files;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Web.Tests.Api;

public sealed class SkuAccuracyApiTests
{
    [Fact]
    public async Task A_planner_reads_one_SKUs_recent_snapshots_scored_against_its_actuals()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);
        var first = new DateOnly(2026, 1, 5);
        var cutoff = first.AddDays(69);
        var csv = new StringBuilder("sku,region,date,units\n");
        for (var day = first; day <= cutoff.AddDays(4); day = day.AddDays(1))
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"A,north,{day:yyyy-MM-dd},{(day <= cutoff ? 10 : 8)}\nB,north,{day:yyyy-MM-dd},3\n");
        }

        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
        {
            await new IngestService(server.Store).IngestAsync(IngestKind.Demand, stream, "demand.csv", new IngestOptions { AutoRegister = true });
        }

        var run = await server.Store.CreateRunAsync(ForecastRunKind.Production, DateTimeOffset.UnixEpoch, cutoff, 7, "Flat");
        await server.Store.WriteForecastsAsync(run.Id, [.. new[] { "A", "B" }.Select(sku => new SeriesForecast(new SeriesKey(sku, "north"), "Flat", Granularity.Day, cutoff.AddDays(1),
            [.. Enumerable.Repeat(10.0, 7)], [0.1, 0.5, 0.9], [.. Enumerable.Repeat(9.0, 7), .. Enumerable.Repeat(10.0, 7), .. Enumerable.Repeat(11.0, 7)]))]);
        await server.Store.CompleteRunAsync(run.Id, ForecastRunStatus.Completed, 2);

        var asPlanner = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/accuracy/sku/A", Roles.Planner));
        var asDesigner = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/accuracy/sku/A", Roles.Designer));
        var unknown = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/accuracy/sku/ZZZ", Roles.Ops));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (asPlanner.StatusCode, asDesigner.StatusCode, unknown.StatusCode));
        var row = (await asPlanner.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single();
        Assert.Equal(("north", "Flat"), (row.GetProperty("segment").GetProperty("region").GetString(), row.GetProperty("segment").GetProperty("model").GetString()));
        Assert.Equal(4, row.GetProperty("rows").GetInt64());               // days 1-4 after the cut-off have actuals
        Assert.Equal(8.0 / 32, row.GetProperty("wape").GetDouble(), 12);    // 4 x |10 - 8| / (4 x 8)
        Assert.Equal(0.0, row.GetProperty("coverage").GetDouble(), 12);     // 8 is below p10 = 9
    }
}
