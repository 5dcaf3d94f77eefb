using Forecasting.Core.Planning;
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

public sealed class BulkAndExportApiTests
{
    [Fact]
    public async Task Bulk_approval_reports_each_item_and_an_export_batch_holds_the_approved_moves_once()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);
        var ids = (await server.Store.ListProposalsAsync()).OrderBy(p => p.Id).Select(p => p.Id).ToList();
        await server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{ids[1]}/approve", Roles.Planner, JsonContent.Create(new { version = 1 })));

        var bulk = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/proposals/bulk-approve", Roles.Planner,
            JsonContent.Create(new { items = new[] { new { id = ids[0], version = 1 }, new { id = ids[1], version = 1 }, new { id = 999_999L, version = 1 } } })));
        var created = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/exports", Roles.Planner, JsonContent.Create(new { format = "csv" })));
        var export = await server.Client.SendAsync(server.Request(HttpMethod.Get, created.Headers.Location!.ToString(), Roles.Planner));
        var againCreated = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/exports", Roles.Admin, JsonContent.Create(new { format = "json" })));
        var again = await server.Client.SendAsync(server.Request(HttpMethod.Get, againCreated.Headers.Location!.ToString(), Roles.Admin));
        var asOps = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/exports", Roles.Ops, JsonContent.Create(new { format = "csv" })));

        var outcome = await bulk.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, outcome.GetProperty("approved").GetInt32());
        Assert.Equal([200, 409, 404], outcome.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetInt32()));
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("proposal_id,sku,from_warehouse,to_warehouse,quantity,arrive_by", lines[0]);
        Assert.Equal([ids[0], ids[1]], lines.Skip(1).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moves").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, asOps.StatusCode);
        Assert.Equal(2, (await server.Store.ListProposalsAsync(ProposalStatus.Exported)).Count);
    }
}
