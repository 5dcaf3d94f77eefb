using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Tests.Api;

public sealed class JobsApiTests
{
    [Fact]
    public async Task Ops_read_the_job_history_and_an_API_without_a_scheduler_says_so_when_asked_to_trigger()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);
        long record = await server.Store.StartJobAsync("train", null, null, null, "node-a", recovering: false);
        await server.Store.FinishJobAsync(record, "completed", 0, "run 1: 16 shards submitted");

        var asOps = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/jobs/runs", Roles.Ops));
        var asPlanner = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/jobs/runs", Roles.Planner));
        var trigger = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/jobs/train/trigger", Roles.Admin));
        var unknown = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/jobs/dance/trigger", Roles.Ops));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.ServiceUnavailable, HttpStatusCode.NotFound), (asOps.StatusCode, asPlanner.StatusCode, trigger.StatusCode, unknown.StatusCode));
        var runs = await asOps.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("train", "completed", "node-a"), (runs[0].GetProperty("job").GetString(), runs[0].GetProperty("status").GetString(), runs[0].GetProperty("node").GetString()));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_endpoints()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);

        var document = await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/proposals", paths);
        Assert.Contains("/api/proposals/{id}/approve", paths);
        Assert.Contains("/api/jobs/runs", paths);
    }
}
