using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>A decision sent by a client; the version may come from If-Match instead.</summary>
public sealed record DecisionRequest(int? Version, int? Quantity, string? Reason);

/// <summary>A bulk approval: each proposal with the version the planner saw.</summary>
public sealed record BulkApproval(IReadOnlyList<BulkItem?>? Items);

public sealed record BulkItem(long Id, int Version);

/// <summary>What happened to one item of a bulk approval (HTTP status it would have had alone).</summary>
public sealed record BulkOutcome(long Id, int Status, string? Reason, int? Version);

/// <summary>A proposal as the API shows it: <c>details</c> are the move's numbers as now agreed (re-valued after an
/// edit), <c>planned</c> the planner's original numbers when an edit changed them.</summary>
public sealed record ProposalView(long Id, long PlanRunId, string Status, int Version, int Quantity, TransferProposal Details, TransferProposal? Planned);

/// <summary>One entry of a proposal's decision history.</summary>
public sealed record DecisionView(string Actor, DateTimeOffset DecidedAt, string Action, int? QuantityBefore, int? QuantityAfter, string? Reason);

/// <summary>
/// The proposals API: list with filters, sorting and paging; detail with its ETag (the version); its decision
/// history; approve, edit and reject with optimistic concurrency (If-Match or a version in the body): a stale
/// version or a transition the state machine does not allow gets 409 with the current state, input that breaks a
/// rule (a reject without a reason, an edit outside the move's limits) 400 naming the rule, an unknown id 404.
/// </summary>
public static class ProposalApi
{
    public const int MaxPageSize = 500;

    public const int MaxBulkItems = 1000;

    public static RouteGroupBuilder MapProposalApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/proposals");
        group.MapGet("/", List).RequireAuthorization(Policies.ReadProposals);
        group.MapGet("/{id:long}", Detail).RequireAuthorization(Policies.ReadProposals);
        group.MapGet("/{id:long}/decisions", Decisions).RequireAuthorization(Policies.ReadProposals);
        group.MapPost("/bulk-approve", BulkApprove).RequireAuthorization(Policies.Decide);
        foreach (var action in new[] { DecisionAction.Approve, DecisionAction.Edit, DecisionAction.Reject })
        {
            group.MapPost($"/{{id:long}}/{ProposalWire.Name(action)}", (long id, DecisionRequest? body, HttpContext http, IProposalStore store, CancellationToken ct) => Decide(id, action, body, http, store, ct))
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

        if (minBenefit is { } min && !double.IsFinite(min))
        {
            errors["minBenefit"] = [$"must be a finite number (was {min})"];
        }

        ProposalStatus? filter = null;
        if (status is not null)
        {
            if (ProposalWire.TryParse(status, out ProposalStatus parsed))
            {
                filter = parsed;
            }
            else
            {
                errors["status"] = [$"one of {string.Join(", ", Enum.GetValues<ProposalStatus>().Select(ProposalWire.Name))}"];
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var (total, items) = await store.QueryProposalsAsync(new ProposalQuery(filter, warehouse, sku, minBenefit, sort ?? "-benefit", number, size), ct);
        return Results.Ok(new { total, page = number, pageSize = size, items = items.Select(View) });
    }

    /// <summary>Approves each (id, version) given; the answer lists every item's outcome (status code and reason).</summary>
    private static async Task<IResult> BulkApprove(BulkApproval? body, HttpContext http, IProposalStore store, CancellationToken ct)
    {
        if (body?.Items is not { Count: > 0 and <= MaxBulkItems } items)
        {
            return ApiProblems.Validation("items", $"between 1 and {MaxBulkItems} {{id, version}} items");
        }

        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                return ApiProblems.Validation($"items[{i}]", "must be an {id, version} object, not null");
            }
        }

        string actor = ApiProblems.Actor(http);
        var decisions = new ProposalDecisions(store);
        var outcomes = new List<BulkOutcome>();
        foreach (var item in items)
        {
            var result = await decisions.DecideAsync(item!.Id, item.Version, DecisionAction.Approve, actor, null, null, ct);
            outcomes.Add(new BulkOutcome(item.Id, StatusOf(result), result.Reason, result.Current?.Version));
        }

        return Results.Ok(new { approved = outcomes.Count(o => o.Status == StatusCodes.Status200OK), items = outcomes });
    }

    private static async Task<IResult> Detail(long id, IProposalStore store, HttpContext http, CancellationToken ct)
    {
        var proposal = await store.GetProposalAsync(id, ct);
        if (proposal is null)
        {
            return ApiProblems.NotFound($"no proposal {id}");
        }

        http.Response.Headers.ETag = ETag(proposal.Version);
        return Results.Ok(View(proposal));
    }

    private static async Task<IResult> Decisions(long id, IProposalStore store, CancellationToken ct)
    {
        if (await store.GetProposalAsync(id, ct) is not { } proposal)
        {
            return ApiProblems.NotFound($"no proposal {id}");
        }

        var decisions = await store.ListDecisionsAsync(id, ct);
        return Results.Ok(new
        {
            proposal = View(proposal),
            decisions = decisions.Select(d => new DecisionView(d.Actor, d.DecidedAt, ProposalWire.Name(d.Action), d.QuantityBefore, d.QuantityAfter, d.Reason)),
        });
    }

    private static async Task<IResult> Decide(long id, DecisionAction action, DecisionRequest? body, HttpContext http, IProposalStore store, CancellationToken ct)
    {
        int? version = body?.Version;
        if (http.Request.Headers.IfMatch.FirstOrDefault() is { } ifMatch)
        {
            version = ParseETag(ifMatch);
            if (version is null)
            {
                return ApiProblems.Validation("If-Match", $"'{ifMatch}' is not an ETag of this API (\"v<version>\")");
            }
        }

        if (version is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Version required",
                detail: "send the version you decided on, as If-Match: \"v<version>\" or \"version\" in the body");
        }

        var result = await new ProposalDecisions(store).DecideAsync(id, version.Value, action, ApiProblems.Actor(http), body?.Quantity, body?.Reason, ct);
        var current = new Dictionary<string, object?> { ["current"] = result.Current is { } c ? View(c) : null };
        switch (StatusOf(result))
        {
            case StatusCodes.Status200OK:
                http.Response.Headers.ETag = ETag(result.Current!.Version);
                return Results.Ok(View(result.Current));
            case StatusCodes.Status404NotFound:
                return ApiProblems.NotFound(result.Reason ?? $"no proposal {id}");
            case StatusCodes.Status409Conflict:
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: result.Refusal == DecisionRefusal.Conflict ? "Changed by someone else" : "Cannot be decided",
                    detail: result.Reason, extensions: current);
            default:
                string field = result.Rule is EditRules.ReasonRequired ? "reason" : action == DecisionAction.Edit ? "quantity" : ProposalWire.Name(action);
                current["rule"] = result.Rule;
                return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [result.Reason ?? "invalid"] }, detail: result.Reason,
                    title: result.Rule is { } rule ? $"Breaks the rule {rule}" : "Invalid decision", extensions: current);
        }
    }

    /// <summary>The HTTP status of a decision's result: 409 for a conflict or an illegal transition, 400 for bad input.</summary>
    private static int StatusOf(DecisionResult result) => result.Refusal switch
    {
        DecisionRefusal.None => StatusCodes.Status200OK,
        DecisionRefusal.NotFound => StatusCodes.Status404NotFound,
        DecisionRefusal.Conflict => StatusCodes.Status409Conflict,
        _ when result.Failure == DecisionFailure.IllegalTransition => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    internal static ProposalView View(StoredProposal p) => new(p.Id, p.PlanRunId, ProposalWire.Name(p.Status), p.Version, p.Quantity, p.Current, p.Edited is null ? null : p.Proposal);

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
