using Forecasting.Core.Planning;

namespace Forecasting.Storage.Abstractions;

/// <summary>One planning run: the forecast run it planned from, when, and what it proposed.</summary>
public sealed record PlanRun(long Id, long ForecastRunId, DateOnly PlanDate, DateTimeOffset CreatedAt, string Status, int Proposals, double TotalBenefit);

/// <summary>A stored proposal: the planner's record, its lifecycle status, its version (optimistic concurrency)
/// and the quantity now agreed (a planner may edit it).</summary>
public sealed record StoredProposal(long Id, long PlanRunId, TransferProposal Proposal, string Status, int Version, int Quantity);

/// <summary>A decision taken on a proposal, as recorded in the audit trail.</summary>
public sealed record ProposalDecision(long ProposalId, string Actor, DateTimeOffset DecidedAt, string Action, int? QuantityBefore, int? QuantityAfter, string? Reason);

/// <summary>Why a decision was refused: unknown proposal, a concurrent change (stale version), or an action
/// the proposal's status or the input does not allow.</summary>
public enum DecisionRefusal
{
    None,
    NotFound,
    Conflict,
    Invalid,
}

/// <summary>The outcome of a decision: applied, or refused with the reason and the proposal as it stands.</summary>
public sealed record DecisionResult(DecisionRefusal Refusal, string? Reason, StoredProposal? Current)
{
    public bool Applied => Refusal == DecisionRefusal.None;
}

/// <summary>Proposal lifecycle statuses.</summary>
public static class ProposalStatus
{
    public const string Proposed = "proposed";
    public const string Approved = "approved";
    public const string Edited = "edited";
    public const string Rejected = "rejected";
    public const string Exported = "exported";
    public const string Expired = "expired";

    /// <summary>Statuses that can still be decided on.</summary>
    public static bool IsOpen(string status) => status is Proposed or Approved or Edited;
}

/// <summary>
/// What each decision does (shared by both stores): approve (proposed -> approved), edit (a new quantity,
/// from proposed, approved or edited -> edited, which counts as approved), reject (a reason is required;
/// from any open status), export (approved or edited -> exported), expire (open -> expired).
/// </summary>
public static class ProposalLifecycle
{
    public static readonly IReadOnlyList<string> Actions = ["approve", "edit", "reject", "export", "expire"];

    /// <summary>Actions that act on the plan's numbers, so they are refused (and the proposal expired) once the
    /// plan is stale: a newer forecast run completed, or an inventory load changed stock, after it was made.</summary>
    public static bool NeedsFreshPlan(string action) => action is "approve" or "edit" or "export";

    /// <returns>The new status, or the reason the action is refused.</returns>
    public static (string? Status, string? Refusal) Apply(StoredProposal current, string action, int? quantity, string? reason)
    {
        ArgumentNullException.ThrowIfNull(current);
        string status = current.Status;
        if (!ProposalStatus.IsOpen(status))
        {
            return (null, status == ProposalStatus.Expired
                ? $"proposal {current.Id} is expired: it was planned on older stock and forecasts; decide on the newer plan's proposals"
                : $"proposal {current.Id} is {status}: no further decision is possible");
        }

        switch (action)
        {
            case "approve" when status == ProposalStatus.Proposed:
                return (ProposalStatus.Approved, null);
            case "approve":
                return (null, $"proposal {current.Id} is already {status}");
            case "edit" when quantity is not > 0:
                return (null, "edit needs a quantity of at least 1");
            case "edit":
                return (ProposalStatus.Edited, null);
            case "reject" when string.IsNullOrWhiteSpace(reason):
                return (null, "reject needs a reason");
            case "reject":
                return (ProposalStatus.Rejected, null);
            case "export" when status is ProposalStatus.Approved or ProposalStatus.Edited:
                return (ProposalStatus.Exported, null);
            case "export":
                return (null, $"proposal {current.Id} is {status}: only approved moves are exported");
            case "expire":
                return (ProposalStatus.Expired, null);
            default:
                return (null, $"unknown action '{action}' (actions: {string.Join(", ", Actions)})");
        }
    }
}

/// <summary>A page of proposals: filters (all optional), a sort key and a 1-based page.</summary>
/// <param name="Sort">benefit, -benefit (default), quantity, -quantity or id.</param>
public sealed record ProposalQuery(string? Status = null, string? Warehouse = null, string? Sku = null, double? MinBenefit = null, string Sort = "-benefit", int Page = 1, int PageSize = 50)
{
    public static IReadOnlyDictionary<string, string> SortColumns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["benefit"] = "benefit, id",
        ["-benefit"] = "benefit DESC, id",
        ["quantity"] = "quantity, id",
        ["-quantity"] = "quantity DESC, id",
        ["id"] = "id",
    };

    /// <summary>The WHERE clause shared by both stores, with only the filters given (so an unfiltered page can walk
    /// the sort index); <paramref name="parameter"/> names the parameter of status, warehouse, sku and min.</summary>
    internal string Where(Func<string, string> parameter)
    {
        var terms = new List<string>();
        if (Status is not null)
        {
            terms.Add($"status = {parameter("status")}");
        }

        if (Warehouse is not null)
        {
            terms.Add($"(from_warehouse = {parameter("warehouse")} OR to_warehouse = {parameter("warehouse")})");
        }

        if (Sku is not null)
        {
            terms.Add($"sku = {parameter("sku")}");
        }

        if (MinBenefit is not null)
        {
            terms.Add($"benefit >= {parameter("min")}");
        }

        return terms.Count == 0 ? "TRUE" : string.Join(" AND ", terms);
    }

    /// <summary>The sort's leading column (null when sorting by id alone) and its direction; id breaks ties ascending.</summary>
    internal (string? Column, bool Descending) SortKey => Sort switch
    {
        "benefit" => ("benefit", false),
        "-benefit" => ("benefit", true),
        "quantity" => ("quantity", false),
        "-quantity" => ("quantity", true),
        _ => (null, false),
    };

    /// <summary>Rows at or after the row whose sort key is (<paramref name="key"/>, <paramref name="id"/>) in this
    /// query's order, written so that the sort index serves it as a range (a seek instead of an offset walk).</summary>
    internal string AtOrAfter(string key, string id) => SortKey switch
    {
        (null, _) => $"id >= {id}",
        (var column, true) => $"{column} <= {key} AND ({column} < {key} OR id >= {id})",
        (var column, false) => $"{column} >= {key} AND ({column} > {key} OR id >= {id})",
    };
}

/// <summary>Plan runs, their proposals and the decisions taken on them.</summary>
public interface IProposalStore
{
    /// <summary>One page of proposals and the total matching the filters (the store filters, sorts and pages).</summary>
    Task<(int Total, IReadOnlyList<StoredProposal> Items)> QueryProposalsAsync(ProposalQuery query, CancellationToken cancellationToken = default);

    Task<StoredProposal?> GetProposalAsync(long id, CancellationToken cancellationToken = default);

    Task<PlanRun> CreatePlanRunAsync(long forecastRunId, DateOnly planDate, CancellationToken cancellationToken = default);

    /// <summary>Stores a plan run's proposals, replacing any it had (a re-run plan job writes the same set once).
    /// Proposals of earlier plan runs still open are expired: they were planned on older stock and forecasts.</summary>
    Task WriteProposalsAsync(long planRunId, IReadOnlyList<TransferProposal> proposals, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PlanRun>> ListPlanRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Proposals, best benefit first; filtered by status and plan run when given.</summary>
    Task<IReadOnlyList<StoredProposal>> ListProposalsAsync(string? status = null, long? planRunId = null, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies approve, edit (with <paramref name="quantity"/>), reject (with a reason), export or expire, if the
    /// proposal is still at <paramref name="expectedVersion"/> and the action is allowed from its status; the
    /// decision and its before/after enter the audit trail in the same transaction. Approving, editing or exporting
    /// a proposal whose plan is stale (<see cref="ProposalLifecycle.NeedsFreshPlan"/>) expires it instead and is refused.
    /// </summary>
    Task<DecisionResult> DecideAsync(long proposalId, int expectedVersion, string action, string actor, int? quantity = null, string? reason = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ProposalDecision>> ListDecisionsAsync(long proposalId, CancellationToken cancellationToken = default);
}
