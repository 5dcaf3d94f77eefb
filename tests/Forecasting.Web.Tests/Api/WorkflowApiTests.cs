using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Forecasting.Core.Planning;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Api;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forecasting.Web.Tests.Api;

/// <summary>Issue 14 over real HTTP on both stores: bounded and re-valued edits, approvals that survive a new plan,
/// export batches, readable decision history with the person as actor.</summary>
public abstract class WorkflowApiTests
{
    // A 44-unit move planned with cases of 4, a lane minimum of 8, 60 units to spare at the source and room for 100.
    private static readonly MoveLimits Limits = new(SourceSurplus: 60, LaneMinimum: 8, CasePack: 4, DestinationHeadroom: 100, CostPerUnit: 0.5, UnitMargin: 12);

    protected abstract bool Postgres { get; }

    private static TransferProposal Move(string sku, int quantity = 44)
    {
        var demand = new WindowDemand(70, 12);
        var value = MoveValue.Into(demand, 20, quantity, 0.5, 12);
        return new TransferProposal(sku, "dc", "w1", quantity, new DateOnly(2026, 3, 4), 9, demand.Mean, demand.Quantile(0.1), demand.Quantile(0.9), demand.Quantile(0.95),
            20, 20 + quantity, 0.95, value.ShortageAvoided, value.Cost, value.Benefit, "Auto", Limits: Limits);
    }

    private static async Task<List<StoredProposal>> PlanAsync(ApiServer server, params TransferProposal[] moves)
    {
        var run = await server.Store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await server.Store.WriteProposalsAsync(run.Id, moves);
        return [.. (await server.Store.ListProposalsAsync(planRunId: run.Id)).OrderBy(p => p.Proposal.Sku, StringComparer.Ordinal)];
    }

    private static Task<HttpResponseMessage> DecideAsync(ApiServer server, long id, string action, object body, string role = Roles.Planner) =>
        server.Client.SendAsync(server.Request(HttpMethod.Post, $"/api/proposals/{id}/{action}", role, JsonContent.Create(body)));

    [Fact]
    public async Task An_edit_outside_the_moves_limits_is_a_400_naming_the_rule_and_an_edit_inside_is_revalued_everywhere()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        var move = (await PlanAsync(server, Move("EDIT"))).Single();

        var huge = await DecideAsync(server, move.Id, "edit", new { version = 1, quantity = int.MaxValue });
        var seven = await DecideAsync(server, move.Id, "edit", new { version = 1, quantity = 7 });
        var loose = await DecideAsync(server, move.Id, "edit", new { version = 1, quantity = 42 });
        var fine = await DecideAsync(server, move.Id, "edit", new { version = 1, quantity = 24 });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK), (huge.StatusCode, seven.StatusCode, loose.StatusCode, fine.StatusCode));
        Assert.Equal(EditRules.SourceSurplus, (await huge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(EditRules.LaneMinimum, (await seven.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Contains("whole cases of 4", (await loose.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var expected = new Proposal(move.Id, move.PlanRunId, move.Proposal, ProposalStatus.Proposed, 1, 44).Revalue(24);
        var details = (await fine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("details");
        Assert.Equal((24, 44), (details.GetProperty("quantity").GetInt32(), details.GetProperty("positionAfter").GetInt32()));
        Assert.Equal(expected.Benefit, details.GetProperty("benefit").GetDouble(), 9);
        Assert.NotEqual(move.Proposal.Benefit, expected.Benefit, 3);
        var listed = await (await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?sku=EDIT", Roles.Ops))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected.Benefit, listed.GetProperty("items")[0].GetProperty("details").GetProperty("benefit").GetDouble(), 9);
        var stored = (await server.Store.GetProposalAsync(move.Id))!;
        Assert.Equal((24, expected.ExpectedShortageAvoided, 44), (stored.Quantity, stored.Current.ExpectedShortageAvoided, stored.Proposal.Quantity));
    }

    [Fact]
    public async Task A_new_plan_supersedes_only_undecided_proposals_and_an_approved_one_can_still_be_rejected()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        var first = await PlanAsync(server, Move("KEEP"), Move("DROP"));
        var (keep, drop) = (first[0], first[1]);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, keep.Id, "approve", new { version = 1 })).StatusCode);

        await PlanAsync(server, Move("OTHER"));
        var kept = await (await server.Client.SendAsync(server.Request(HttpMethod.Get, $"/api/proposals/{keep.Id}", Roles.Planner))).Content.ReadFromJsonAsync<JsonElement>();
        var dropped = await (await server.Client.SendAsync(server.Request(HttpMethod.Get, $"/api/proposals/{drop.Id}/decisions", Roles.Planner))).Content.ReadFromJsonAsync<JsonElement>();
        var lateApprove = await DecideAsync(server, drop.Id, "approve", new { version = 2 });
        var rejected = await DecideAsync(server, keep.Id, "reject", new { version = 2, reason = "the shop closes" });
        var approveAgain = await DecideAsync(server, keep.Id, "approve", new { version = 3 });

        Assert.Equal(("approved", 2), (kept.GetProperty("status").GetString(), kept.GetProperty("version").GetInt32()));
        Assert.Equal("superseded", dropped.GetProperty("proposal").GetProperty("status").GetString());
        var supersession = dropped.GetProperty("decisions").EnumerateArray().Single();
        Assert.Equal(("system", "supersede"), (supersession.GetProperty("actor").GetString(), supersession.GetProperty("action").GetString()));
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.OK, HttpStatusCode.Conflict), (lateApprove.StatusCode, rejected.StatusCode, approveAgain.StatusCode));
    }

    [Fact]
    public async Task An_export_batch_is_created_once_per_idempotency_key_and_returns_the_same_rows_every_time()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        var moves = await PlanAsync(server, Move("A"), Move("B"), Move("C"));
        await DecideAsync(server, moves[0].Id, "approve", new { version = 1 });
        await DecideAsync(server, moves[1].Id, "edit", new { version = 1, quantity = 40 });

        HttpRequestMessage Create(string? key)
        {
            var request = server.Request(HttpMethod.Post, "/api/exports", Roles.Planner, JsonContent.Create(new { format = "csv" }));
            if (key is not null)
            {
                request.Headers.Add(ExportApi.IdempotencyHeader, key);
            }

            return request;
        }

        var created = await server.Client.SendAsync(Create("run-42"));
        var retried = await server.Client.SendAsync(Create("run-42"));
        var next = await server.Client.SendAsync(Create(null));
        var location = created.Headers.Location!.ToString();
        var csv = await server.Client.SendAsync(server.Request(HttpMethod.Get, location, Roles.Ops));
        var csvAgain = await server.Client.SendAsync(server.Request(HttpMethod.Get, location, Roles.Planner));
        var json = await server.Client.SendAsync(server.Request(HttpMethod.Get, location + "?format=json", Roles.Planner));
        var list = await (await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/exports", Roles.Ops))).Content.ReadFromJsonAsync<JsonElement>();
        var missing = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/exports/999999", Roles.Ops));
        var badFormat = await server.Client.SendAsync(server.Request(HttpMethod.Get, location + "?format=xml", Roles.Ops));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created), (created.StatusCode, retried.StatusCode, next.StatusCode));
        Assert.Matches("^/api/exports/[0-9]+$", location);
        Assert.Equal(location, retried.Headers.Location!.ToString());
        Assert.NotEqual(location, next.Headers.Location!.ToString());
        string rows = await csv.Content.ReadAsStringAsync();
        Assert.Equal(rows, await csvAgain.Content.ReadAsStringAsync());
        Assert.Equal([$"{moves[0].Id},A,dc,w1,44,2026-03-04", $"{moves[1].Id},B,dc,w1,40,2026-03-04"], rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType ?? csv.Headers.GetValues("Content-Disposition").First().Split(';')[0]);
        Assert.Contains(".csv", string.Join(";", csv.Content.Headers.GetValues("Content-Disposition")), StringComparison.Ordinal);
        Assert.Equal(2, (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moves").GetArrayLength());
        Assert.Equal([0, 2], list.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("moves").GetInt32())); // newest first: the second batch found nothing left
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (missing.StatusCode, badFormat.StatusCode));
        Assert.Equal(ProposalStatus.Proposed, (await server.Store.GetProposalAsync(moves[2].Id))!.Status);
        Assert.Equal([DecisionAction.Edit, DecisionAction.Export], (await server.Store.ListDecisionsAsync(moves[1].Id)).Select(d => d.Action));
    }

    [Fact]
    public async Task The_decision_history_names_the_person_who_owns_the_key()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        var (key, _) = await ApiKeys.CreateAsync(server.Store, "ana's laptop", Roles.Planner, "admin", "Ana Lima");
        var move = (await PlanAsync(server, Move("WHO"))).Single();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/proposals/{move.Id}/reject") { Content = JsonContent.Create(new { version = 1, reason = "no room left" }) };
        request.Headers.Add(ApiKeyAuthentication.Header, key);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(request)).StatusCode);

        var history = await (await server.Client.SendAsync(server.Request(HttpMethod.Get, $"/api/proposals/{move.Id}/decisions", Roles.Ops))).Content.ReadFromJsonAsync<JsonElement>();
        var missing = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals/999999/decisions", Roles.Ops));

        var decision = history.GetProperty("decisions").EnumerateArray().Single();
        Assert.Equal(("Ana Lima", "reject", "no room left"), (decision.GetProperty("actor").GetString(), decision.GetProperty("action").GetString(), decision.GetProperty("reason").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

public sealed class WorkflowApiTestsOnSqlite : WorkflowApiTests
{
    protected override bool Postgres => false;
}

public sealed class WorkflowApiTestsOnPostgres : WorkflowApiTests
{
    protected override bool Postgres => true;
}

/// <summary>A JWT's subject is the actor of the decisions taken with it.</summary>
public sealed class JwtActorTests
{
    private const string Key = "test-signing-key-of-at-least-32-bytes!!";

    [Fact]
    public async Task A_decision_taken_with_a_token_is_recorded_under_its_subject()
    {
        await using var server = await ApiServer.StartAsync(postgres: false, new JwtOptions { SigningKey = Key, Issuer = "https://idp.example", Audience = "forecasting", RoleClaim = "groups" });
        long id = (await server.Store.ListProposalsAsync()).First().Id;
        string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "alice@example.com"), new Claim("groups", Roles.Planner)]),
            Issuer = "https://idp.example",
            Audience = "forecasting",
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Key)), SecurityAlgorithms.HmacSha256),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/proposals/{id}/approve") { Content = JsonContent.Create(new { version = 1 }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(request)).StatusCode);
        Assert.Equal("alice@example.com", (await server.Store.ListDecisionsAsync(id)).Single().Actor);
    }
}
