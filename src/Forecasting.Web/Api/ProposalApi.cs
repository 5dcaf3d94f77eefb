using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;
using Forecasting.Web.Api.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

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
        var group = app.MapGroup("/api/proposals").WithTags("Proposals");
        group.MapGet("/", List).RequirePolicy(Policies.ReadProposals).WithName("ListProposals")
            .WithSummary("List proposals")
            .WithDescription("Filtered by status, warehouse (from or to), SKU and minimum benefit; sorted by sort (a column, - for descending; default -benefit); paged (page from 1, pageSize 1 to 500, default 50).");
        group.MapGet("/{id:long}", Detail).RequirePolicy(Policies.ReadProposals).WithName("GetProposal")
            .WithSummary("Get one proposal")
            .WithDescription("Every number of the move; the ETag header (\"v<version>\") is the version to send back with a decision.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/decisions", Decisions).RequirePolicy(Policies.ReadProposals).WithName("GetProposalDecisions")
            .WithSummary("Get a proposal's decision history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/bulk-approve", BulkApprove).RequirePolicy(Policies.Decide).WithName("BulkApproveProposals")
            .WithSummary("Approve many proposals")
            .WithDescription($"Up to {MaxBulkItems} {{id, version}} items; each item's outcome carries the status it would have had alone (200, 404, 409, 400).");
        foreach (var action in new[] { DecisionAction.Approve, DecisionAction.Edit, DecisionAction.Reject })
        {
            string name = ProposalWire.Name(action);
            group.MapPost($"/{{id:long}}/{name}", (long id, DecisionRequest? body, HttpContext http, IProposalStore store, CancellationToken ct) => Decide(id, action, body, http, store, ct))
                .RequirePolicy(Policies.Decide)
                .WithName($"{char.ToUpperInvariant(name[0])}{name[1..]}Proposal")
                .WithSummary(action switch
                {
                    DecisionAction.Approve => "Approve a proposal",
                    DecisionAction.Edit => "Edit a proposal's quantity",
                    _ => "Reject a proposal",
                })
                .WithDescription("The version decided on goes in If-Match (\"v<version>\") or as version in the body (428 without one). 409 with the current proposal when someone decided first or it can no longer be decided; 400 naming the rule when the input breaks one (a reject needs a reason, an edit a quantity within the move's limits).")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        }

        return group;
    }

    private static async Task<Results<Ok<Page<ProposalView>>, ValidationProblem>> List(IProposalStore store, string? status, string? warehouse, string? sku, double? minBenefit, string? sort, int? page, int? pageSize, string? region, string? category, string? abc, CancellationToken ct)
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

        char? abcClass = null;
        if (abc is not null)
        {
            if (abc is "A" or "B" or "C")
            {
                abcClass = abc[0];
            }
            else
            {
                errors["abc"] = ["one of A, B, C"];
            }
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

        var (total, items) = await store.QueryProposalsAsync(new ProposalQuery(filter, warehouse, sku, minBenefit, sort ?? "-benefit", number, size) { Region = region, Category = category, AbcClass = abcClass }, ct);
        return TypedResults.Ok(new Page<ProposalView>(total, number, size, [.. items.Select(View)]));
    }

    /// <summary>Approves each (id, version) given; the answer lists every item's outcome (status code and reason).</summary>
    private static async Task<Results<Ok<BulkApprovalResult>, ValidationProblem>> BulkApprove(BulkApproval? body, HttpContext http, IProposalStore store, CancellationToken ct)
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

        return TypedResults.Ok(new BulkApprovalResult(outcomes.Count(o => o.Status == StatusCodes.Status200OK), outcomes));
    }

    private static async Task<Results<Ok<ProposalView>, ProblemHttpResult>> Detail(long id, IProposalStore store, HttpContext http, CancellationToken ct)
    {
        var proposal = await store.GetProposalAsync(id, ct);
        if (proposal is null)
        {
            return ApiProblems.NotFound($"no proposal {id}");
        }

        http.Response.Headers.ETag = ETag(proposal.Version);
        return TypedResults.Ok(View(proposal));
    }

    private static async Task<Results<Ok<DecisionHistory>, ProblemHttpResult>> Decisions(long id, IProposalStore store, CancellationToken ct)
    {
        if (await store.GetProposalAsync(id, ct) is not { } proposal)
        {
            return ApiProblems.NotFound($"no proposal {id}");
        }

        var decisions = await store.ListDecisionsAsync(id, ct);
        return TypedResults.Ok(new DecisionHistory(View(proposal),
            [.. decisions.Select(d => new DecisionView(d.Actor, d.DecidedAt, ProposalWire.Name(d.Action), d.QuantityBefore, d.QuantityAfter, d.Reason))]));
    }

    private static async Task<Results<Ok<ProposalView>, ValidationProblem, ProblemHttpResult>> Decide(long id, DecisionAction action, DecisionRequest? body, HttpContext http, IProposalStore store, CancellationToken ct)
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
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Version required",
                detail: "send the version you decided on, as If-Match: \"v<version>\" or \"version\" in the body");
        }

        var result = await new ProposalDecisions(store).DecideAsync(id, version.Value, action, ApiProblems.Actor(http), body?.Quantity, body?.Reason, ct);
        var current = new Dictionary<string, object?> { ["current"] = result.Current is { } c ? View(c) : null };
        switch (StatusOf(result))
        {
            case StatusCodes.Status200OK:
                http.Response.Headers.ETag = ETag(result.Current!.Version);
                return TypedResults.Ok(View(result.Current));
            case StatusCodes.Status404NotFound:
                return ApiProblems.NotFound(result.Reason ?? $"no proposal {id}");
            case StatusCodes.Status409Conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: result.Refusal == DecisionRefusal.Conflict ? "Changed by someone else" : "Cannot be decided",
                    detail: result.Reason, extensions: current);
            default:
                string field = result.Rule is EditRules.ReasonRequired ? "reason" : action == DecisionAction.Edit ? "quantity" : ProposalWire.Name(action);
                current["rule"] = result.Rule;
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [result.Reason ?? "invalid"] }, detail: result.Reason,
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
