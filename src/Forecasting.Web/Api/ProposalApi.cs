using System.Security.Claims;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>A decision sent by a client; the version may come from If-Match instead.</summary>
public sealed record DecisionRequest(int? Version, int? Quantity, string? Reason);

/// <summary>A bulk approval: each proposal with the version the planner saw.</summary>
public sealed record BulkApproval(IReadOnlyList<BulkItem> Items);

public sealed record BulkItem(long Id, int Version);

/// <summary>What happened to one item of a bulk approval (HTTP status it would have had alone).</summary>
public sealed record BulkOutcome(long Id, int Status, string? Reason, int? Version);

/// <summary>A proposal as the API shows it.</summary>
public sealed record ProposalView(long Id, long PlanRunId, string Status, int Version, int Quantity, Core.Planning.TransferProposal Details);

/// <summary>
/// The proposals API: list with filters, sorting and paging; detail with its ETag (the version); approve, edit
/// and reject with optimistic concurrency (If-Match or a version in the body): a stale version gets 409 with
/// the current state, a proposal that can no longer be decided 409 with the reason, an unknown id 404.
/// </summary>
public static class ProposalApi
{
    public const int MaxPageSize = 500;

    public static RouteGroupBuilder MapProposalApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/proposals");
        group.MapGet("/", List).RequireAuthorization(Policies.ReadProposals);
        group.MapGet("/{id:long}", Detail).RequireAuthorization(Policies.ReadProposals);
        group.MapPost("/bulk-approve", BulkApprove).RequireAuthorization(Policies.Decide);
        group.MapPost("/export", Export).RequireAuthorization(Policies.Decide);
        foreach (var action in new[] { "approve", "edit", "reject" })
        {
            group.MapPost($"/{{id:long}}/{action}", (long id, DecisionRequest? body, HttpContext http, IProposalStore store, CancellationToken ct) => Decide(id, action, body, http, store, ct))
                .RequireAuthorization(Policies.Decide);
        }

        return group;
    }

    private static async Task<IResult> List(IProposalStore store, string? status, string? warehouse, string? sku, double? minBenefit, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        int size = pageSize ?? 50;
        int number = page ?? 1;
        var errors = new Dictionary<string, string[]>();
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"must be between 1 and {MaxPageSize}"];
        }

        if (number < 1)
        {
            errors["page"] = ["must be at least 1"];
        }

        if (sort is not null && !ProposalQuery.SortColumns.ContainsKey(sort))
        {
            errors["sort"] = [$"one of {string.Join(", ", ProposalQuery.SortColumns.Keys)}"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (total, items) = await store.QueryProposalsAsync(new ProposalQuery(status, warehouse, sku, minBenefit, sort ?? "-benefit", number, size), ct);
        return Results.Ok(new { total, page = number, pageSize = size, items = items.Select(View) });
    }

    /// <summary>Approves each (id, version) given; the answer lists every item's outcome (status code and reason).</summary>
    private static async Task<IResult> BulkApprove(BulkApproval body, HttpContext http, IProposalStore store, CancellationToken ct)
    {
        if (body?.Items is not { Count: > 0 and <= 1000 })
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["items"] = ["between 1 and 1000 {id, version} items"] });
        }

        string actor = http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
        var outcomes = new List<BulkOutcome>();
        foreach (var item in body.Items)
        {
            var result = await store.DecideAsync(item.Id, item.Version, "approve", actor, null, null, ct);
            int status = result.Refusal switch
            {
                DecisionRefusal.None => StatusCodes.Status200OK,
                DecisionRefusal.NotFound => StatusCodes.Status404NotFound,
                DecisionRefusal.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status409Conflict,
            };
            outcomes.Add(new BulkOutcome(item.Id, status, result.Reason, result.Current?.Version));
        }

        return Results.Ok(new { approved = outcomes.Count(o => o.Status == StatusCodes.Status200OK), items = outcomes });
    }

    /// <summary>The approved moves as CSV (default) or JSON, marked exported once in the response body.</summary>
    private static async Task<IResult> Export(string? format, HttpContext http, IProposalStore store, CancellationToken ct)
    {
        string kind = (format ?? "csv").ToLowerInvariant();
        if (kind is not ("csv" or "json"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["csv or json"] });
        }

        string content = "";
        await Storage.ProposalExport.ExportAsync(store, kind, http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown", text =>
        {
            content = text;
            return Task.CompletedTask;
        }, ct);
        return Results.Text(content, kind == "json" ? "application/json" : "text/csv");
    }

    private static async Task<IResult> Detail(long id, IProposalStore store, HttpContext http, CancellationToken ct)
    {
        var proposal = await store.GetProposalAsync(id, ct);
        if (proposal is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no proposal {id}");
        }

        http.Response.Headers.ETag = ETag(proposal.Version);
        return Results.Ok(View(proposal));
    }

    private static async Task<IResult> Decide(long id, string action, DecisionRequest? body, HttpContext http, IProposalStore store, CancellationToken ct)
    {
        int? version = body?.Version;
        if (http.Request.Headers.IfMatch.FirstOrDefault() is { } ifMatch)
        {
            version = ParseETag(ifMatch);
            if (version is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = [$"'{ifMatch}' is not an ETag of this API (\"v<version>\")"] });
            }
        }

        if (version is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Version required",
                detail: "send the version you decided on, as If-Match: \"v<version>\" or \"version\" in the body");
        }

        string actor = http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
        var result = await store.DecideAsync(id, version.Value, action, actor, body?.Quantity, body?.Reason, ct);
        return result.Refusal switch
        {
            DecisionRefusal.None => Ok(http, result.Current!),
            DecisionRefusal.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Reason),
            DecisionRefusal.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Changed by someone else", detail: result.Reason,
                extensions: new Dictionary<string, object?> { ["current"] = View(result.Current!) }),
            _ when result.Current is { } current && !ProposalStatus.IsOpen(current.Status) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot be decided",
                detail: result.Reason, extensions: new Dictionary<string, object?> { ["current"] = View(current) }),
            _ => Results.ValidationProblem(new Dictionary<string, string[]> { [action] = [result.Reason ?? "invalid"] }),
        };
    }

    private static IResult Ok(HttpContext http, StoredProposal proposal)
    {
        http.Response.Headers.ETag = ETag(proposal.Version);
        return Results.Ok(View(proposal));
    }

    private static ProposalView View(StoredProposal p) => new(p.Id, p.PlanRunId, p.Status, p.Version, p.Quantity, p.Proposal);

    public static string ETag(int version) => $"\"v{version}\"";

    private static int? ParseETag(string value)
    {
        string text = value.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        text = text.Trim('"');
        return text.StartsWith('v') && int.TryParse(text[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : null;
    }
}
