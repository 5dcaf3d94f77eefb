using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Tests.Api;

/// <summary>The proposals API over real HTTP, on both stores.</summary>
public abstract class ProposalApiTests
{
    protected abstract bool Postgres { get; }

    [Fact]
    public async Task Each_role_gets_what_its_policy_allows_and_nobody_gets_in_without_a_valid_key()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        var ids = (await server.Store.ListProposalsAsync()).OrderBy(p => p.Id).Select(p => p.Id).ToList();
        var expected = new (string? Role, HttpStatusCode List, HttpStatusCode Approve)[]
        {
            (Roles.Planner, HttpStatusCode.OK, HttpStatusCode.OK),
            (Roles.Admin, HttpStatusCode.OK, HttpStatusCode.OK),
            (Roles.Ops, HttpStatusCode.OK, HttpStatusCode.Forbidden),
            (Roles.Designer, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (null, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            ("fk_not-a-key", HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
        };

        for (int i = 0; i < expected.Length; i++)
        {
            var (role, list, approve) = expected[i];
            var listed = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals", role));
            var detail = await server.Client.SendAsync(server.Request(HttpMethod.Get, $"/api/proposals/{ids[i]}", role));
            var approved = await server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{ids[i]}/approve", role, JsonContent.Create(new { version = 1 })));
            Assert.Equal((list, list, approve), (listed.StatusCode, detail.StatusCode, approved.StatusCode));
        }
    }

    [Fact]
    public async Task Of_twelve_planners_approving_one_proposal_at_once_exactly_one_wins()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        long id = (await server.Store.ListProposalsAsync()).First().Id;

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{id}/approve", Roles.Planner, JsonContent.Create(new { }), ifMatch: "\"v1\""))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var conflict = await responses.First(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("approved", 2), (conflict.GetProperty("current").GetProperty("status").GetString(), conflict.GetProperty("current").GetProperty("version").GetInt32()));
        Assert.Equal("\"v2\"", responses.Single(r => r.StatusCode == HttpStatusCode.OK).Headers.ETag!.Tag);
        Assert.Single(await server.Store.ListDecisionsAsync(id));
    }

    [Fact]
    public async Task Errors_are_problem_details_with_a_clear_message_and_never_a_stack_trace()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        var first = (await server.Store.ListProposalsAsync()).First();

        var missing = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals/999999", Roles.Planner));
        var noVersion = await server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{first.Id}/approve", Roles.Planner, JsonContent.Create(new { })));
        var noReason = await server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{first.Id}/reject", Roles.Planner, JsonContent.Create(new { version = 1 })));
        var badPaging = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?page=0&pageSize=100000", Roles.Planner));
        var malformed = await server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{first.Id}/approve", Roles.Planner, new StringContent("{\"version\": ", Encoding.UTF8, "application/json")));
        await server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{first.Id}/reject", Roles.Planner, JsonContent.Create(new { version = 1, reason = "no space" })));
        var decided = await server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{first.Id}/approve", Roles.Planner, JsonContent.Create(new { version = 2 })));
        var tooBig = server.Request(HttpMethod.Post, $"/api/proposals/{first.Id}/approve", Roles.Planner,
            new StringContent("{\"reason\": \"" + new string('x', 11 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json"));
        tooBig.Headers.ExpectContinue = true; // the server refuses on the declared length, before the body is sent
        var oversized = await server.Client.SendAsync(tooBig);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.PreconditionRequired, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge),
            (missing.StatusCode, noVersion.StatusCode, noReason.StatusCode, badPaging.StatusCode, malformed.StatusCode, decided.StatusCode, oversized.StatusCode));
        foreach (var response in new[] { missing, noVersion, noReason, badPaging, malformed, decided })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            string body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        }

        Assert.Contains("no proposal 999999", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("reject needs a reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var paging = await badPaging.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(paging.GetProperty("errors").TryGetProperty("page", out _) && paging.GetProperty("errors").TryGetProperty("pageSize", out _));
        Assert.Contains("rejected", await decided.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_filter_sort_and_page_and_health_needs_no_key()
    {
        await using var server = await ApiServer.StartAsync(Postgres);

        var page = await (await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?warehouse=w1&sort=-benefit&page=2&pageSize=2", Roles.Ops))).Content.ReadFromJsonAsync<JsonElement>();
        var beyond = await (await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?page=9&pageSize=5", Roles.Ops))).Content.ReadFromJsonAsync<JsonElement>();
        var rich = await (await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?minBenefit=700", Roles.Ops))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(4, page.GetProperty("total").GetInt32()); // SKU2, 4, 6, 8 go to w1
        Assert.Equal(["SKU4", "SKU2"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("details").GetProperty("sku").GetString()));
        Assert.Equal((ApiServer.Proposals, 0), (beyond.GetProperty("total").GetInt32(), beyond.GetProperty("items").GetArrayLength()));
        Assert.Equal(2, rich.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/ready")).StatusCode);
    }
}

public sealed class ProposalApiTestsOnSqlite : ProposalApiTests
{
    protected override bool Postgres => false;
}

public sealed class ProposalApiTestsOnPostgres : ProposalApiTests
{
    protected override bool Postgres => true;
}
