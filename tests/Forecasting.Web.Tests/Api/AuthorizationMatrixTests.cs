using System.Net;
using System.Text;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Tests.Api;

/// <summary>Every endpoint group x every role (and no key): the policy decides, never the endpoint.</summary>
public sealed class AuthorizationMatrixTests
{
    private static readonly (string Name, Func<HttpMethod> Method, string Path, Func<HttpContent?> Body, HttpStatusCode Allowed, string[] Roles)[] Groups =
    [
        ("proposals", () => HttpMethod.Get, "/api/proposals", () => null, HttpStatusCode.OK, [Roles.Planner, Roles.Ops, Roles.Admin]),
        ("decide", () => HttpMethod.Post, "/api/proposals/bulk-approve", () => new StringContent("{\"items\": []}", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, [Roles.Planner, Roles.Admin]),
        ("series", () => HttpMethod.Get, "/api/series/none/none", () => null, HttpStatusCode.NotFound, [Roles.Planner, Roles.Designer, Roles.Ops, Roles.Admin]),
        ("level forecasts", () => HttpMethod.Get, "/api/forecasts?level=total", () => null, HttpStatusCode.OK, [Roles.Planner, Roles.Designer, Roles.Ops, Roles.Admin]),
        ("ingest", () => HttpMethod.Post, "/api/ingest/demand", () => new StringContent("sku,region,date,units\n", Encoding.UTF8, "text/csv"), HttpStatusCode.OK, [Roles.Ops, Roles.Admin]),
        ("jobs", () => HttpMethod.Get, "/api/jobs/runs", () => null, HttpStatusCode.OK, [Roles.Ops, Roles.Admin]),
        ("accuracy", () => HttpMethod.Get, "/api/accuracy", () => null, HttpStatusCode.OK, [Roles.Ops, Roles.Admin]),
        ("sku accuracy", () => HttpMethod.Get, "/api/accuracy/sku/none", () => null, HttpStatusCode.NotFound, [Roles.Planner, Roles.Ops, Roles.Admin]),
        ("alerts", () => HttpMethod.Get, "/api/alerts", () => null, HttpStatusCode.OK, [Roles.Ops, Roles.Admin]),
        ("audit", () => HttpMethod.Get, "/api/audit", () => null, HttpStatusCode.OK, [Roles.Ops, Roles.Admin]),
    ];

    [Fact]
    public async Task Each_role_reaches_exactly_the_groups_its_policy_grants()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);
        var failures = new List<string>();
        foreach (var (name, method, path, body, allowed, roles) in Groups)
        {
            foreach (string? role in Roles.All.Append(null))
            {
                var expected = role is null ? HttpStatusCode.Unauthorized : roles.Contains(role) ? allowed : HttpStatusCode.Forbidden;
                var actual = (await server.Client.SendAsync(server.Request(method(), path, role, body()))).StatusCode;
                if (actual != expected)
                {
                    failures.Add($"{name} as {role ?? "nobody"}: {(int)actual}, expected {(int)expected}");
                }
            }
        }

        Assert.Empty(failures);
    }
}
