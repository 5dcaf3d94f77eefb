using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecasting.Core.Accuracy;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Tests.Api;

/// <summary>Stored accuracy by segment and over time, and the alerts, through the API on both stores.</summary>
public abstract class AccuracyApiTests
{
    protected abstract bool Postgres { get; }

    private static readonly DateOnly Monday = new(2026, 3, 2);

    private static AccuracySums Sums(double actual, double error, bool covered)
    {
        var sums = new AccuracySums();
        sums.Add(actual, actual + error, covered ? actual - 1 : actual + 1, actual, actual + 2, actual, 1);
        return sums;
    }

    [Fact]
    public async Task Accuracy_groups_by_segment_and_week_with_filters_and_lists_open_alerts()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        // Run 1: north 10 units with error 2 on Monday (covered), south 20 units with error -4 on the next Monday (not covered).
        await server.Store.WriteCellsAsync(1, [
            new(new AccuracyCell("SSA", "north", "dresses", 'A', Monday, "1-7"), Sums(10, 2, true)),
            new(new AccuracyCell("SSA", "south", "dresses", 'B', Monday.AddDays(7), "8-14"), Sums(20, -4, false)),
            new(new AccuracyCell("TSB", "south", "shoes", 'C', Monday.AddDays(8), "8-14"), Sums(5, 5, true)),
        ], [], 1, 3);
        await server.Store.RaiseAlertAsync(new DriftCondition(DriftCondition.WapeDrift, "region", "south", 0.4, 0.2, "region south drifted"), Monday.AddDays(8));

        var byRegion = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/accuracy?groupBy=region", Roles.Ops));
        var weekly = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/accuracy?groupBy=week,model&region=south", Roles.Admin));
        var filtered = await server.Client.SendAsync(server.Request(HttpMethod.Get, $"/api/accuracy?groupBy=bucket&from={Monday.AddDays(7):yyyy-MM-dd}&to={Monday.AddDays(7):yyyy-MM-dd}", Roles.Ops));
        var bad = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/accuracy?groupBy=colour,region&bucket=2-3", Roles.Ops));
        var alerts = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/alerts", Roles.Ops));

        var regions = await byRegion.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, regions.GetArrayLength());
        Assert.Equal("north", regions[0].GetProperty("segment").GetProperty("region").GetString());
        Assert.Equal(0.2, regions[0].GetProperty("wape").GetDouble(), 12);
        Assert.Equal(1.0, regions[0].GetProperty("coverage").GetDouble(), 12);
        Assert.Equal(9.0 / 25, regions[1].GetProperty("wape").GetDouble(), 12);   // (4 + 5) / (20 + 5)
        Assert.Equal(1.0 / 25, regions[1].GetProperty("bias").GetDouble(), 12);   // (-4 + 5) / 25
        Assert.Equal(0.5, regions[1].GetProperty("coverage").GetDouble(), 12);
        var weeks = await weekly.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([("2026-03-09", "SSA"), ("2026-03-09", "TSB")], weeks.EnumerateArray().Select(w => (w.GetProperty("segment").GetProperty("week").GetString(), w.GetProperty("segment").GetProperty("model").GetString())));
        var day = await filtered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, day.GetArrayLength());
        Assert.Equal(1, day[0].GetProperty("rows").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("groupBy", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("bucket", out _));
        var open = await alerts.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("wape-drift", "south", "open"), (open[0].GetProperty("kind").GetString(), open[0].GetProperty("segment").GetString(), open[0].GetProperty("status").GetString()));
    }
}

public sealed class AccuracyApiTestsOnSqlite : AccuracyApiTests
{
    protected override bool Postgres => false;
}

public sealed class AccuracyApiTestsOnPostgres : AccuracyApiTests
{
    protected override bool Postgres => true;
}
