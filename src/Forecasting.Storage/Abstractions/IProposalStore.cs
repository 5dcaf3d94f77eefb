using Forecasting.Core.Planning;

namespace Forecasting.Storage.Abstractions;

/// <summary>One planning run: the forecast run it planned from, when, and what it proposed.</summary>
public sealed record PlanRun(long Id, long ForecastRunId, DateOnly PlanDate, DateTimeOffset CreatedAt, PlanRunStatus Status, int Proposals, double TotalBenefit);

/// <summary>A stored proposal: the planner's record as issued, its lifecycle status, its version (optimistic
/// concurrency), the quantity now agreed and, after an edit, the move re-valued at that quantity.</summary>
public sealed record StoredProposal(long Id, long PlanRunId, TransferProposal Proposal, ProposalStatus Status, int Version, int Quantity, TransferProposal? Edited = null)
{
    /// <summary>The move's numbers as now agreed (the edited ones after an edit).</summary>
    public TransferProposal Current => Edited ?? (Proposal.Quantity == Quantity ? Proposal : Proposal with { Quantity = Quantity });

    /// <summary>The aggregate that decides on it, at this version.</summary>
    public Proposal ToAggregate() => new(Id, PlanRunId, Proposal, Status, Version, Quantity, Edited);

    public static StoredProposal From(Proposal proposal, int version)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new(proposal.Id, proposal.PlanRunId, proposal.Planned, proposal.Status, version, proposal.Quantity, proposal.Edited);
    }
}

/// <summary>A decision taken on a proposal, as recorded in the audit trail: who (a person, or <c>system</c> for
/// expiries and supersessions), when, what, the quantity before and after, and why.</summary>
public sealed record ProposalDecision(long ProposalId, string Actor, DateTimeOffset DecidedAt, DecisionAction Action, int? QuantityBefore, int? QuantityAfter, string? Reason)
{
    /// <summary>The actor of decisions nobody took by hand (expiry of a stale plan, supersession by a newer plan).</summary>
    public const string System = "system";
}

/// <summary>Why a decision was refused: unknown proposal, a concurrent change (stale version), or an action
/// the proposal's status or the input does not allow.</summary>
public enum DecisionRefusal
{
    None,
    NotFound,
    Conflict,
    Invalid,
}

/// <summary>The outcome of a decision: applied, or refused with the reason and the proposal as it stands.
/// <see cref="Failure"/> tells an illegal transition (409) from bad input (400, <see cref="Rule"/> names the rule).</summary>
public sealed record DecisionResult(DecisionRefusal Refusal, string? Reason, StoredProposal? Current, DecisionFailure Failure = DecisionFailure.None, string? Rule = null)
{
    public bool Applied => Refusal == DecisionRefusal.None;
}

/// <summary>A page of proposals: filters (all optional), a sort key and a 1-based page.</summary>
/// <param name="Sort">benefit, -benefit (default), quantity, -quantity or id.</param>
public sealed record ProposalQuery(ProposalStatus? Status = null, string? Warehouse = null, string? Sku = null, double? MinBenefit = null, string Sort = "-benefit", int Page = 1, int PageSize = 50)
{
    public static IReadOnlyDictionary<string, string> SortColumns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["benefit"] = "benefit, id",
        ["-benefit"] = "benefit DESC, id",
        ["quantity"] = "quantity, id",
        ["-quantity"] = "quantity DESC, id",
        ["id"] = "id",
    };

    /// <summary>Only moves into a warehouse that serves this region (the network's warehouse regions).</summary>
    public string? Region { get; init; }

    /// <summary>Only moves of SKUs in this catalog category.</summary>
    public string? Category { get; init; }

    /// <summary>Only moves of SKUs planned in this ABC class ('A', 'B' or 'C'); proposals planned before the class was
    /// recorded have none and never match.</summary>
    public char? AbcClass { get; init; }

    /// <summary>The ABC filter as stored.</summary>
    internal string? AbcName => AbcClass?.ToString();

    /// <summary>The status filter as stored.</summary>
    internal string? StatusName => Status is { } status ? ProposalWire.Name(status) : null;

    /// <summary>The WHERE clause shared by both stores, with only the filters given (so an unfiltered page can walk
    /// the sort index); <paramref name="parameter"/> names the parameter of status, warehouse, sku, min, region, category and abc.</summary>
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

        if (Region is not null)
        {
            terms.Add($"to_warehouse IN (SELECT warehouse FROM warehouse_regions WHERE region = {parameter("region")})");
        }

        if (Category is not null)
        {
            terms.Add($"sku IN (SELECT sku FROM skus WHERE category = {parameter("category")})");
        }

        if (AbcClass is not null)
        {
            terms.Add($"abc_class = {parameter("abc")}");
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

/// <summary>
/// Plan runs, their proposals and the decisions taken on them: persistence only. The rules live in the
/// <see cref="Proposal"/> aggregate and the decision orchestration in <see cref="Workflow.ProposalDecisions"/>.
/// </summary>
public interface IProposalStore
{
    /// <summary>One page of proposals and the total matching the filters (the store filters, sorts and pages).</summary>
    Task<(int Total, IReadOnlyList<StoredProposal> Items)> QueryProposalsAsync(ProposalQuery query, CancellationToken cancellationToken = default);

    Task<StoredProposal?> GetProposalAsync(long id, CancellationToken cancellationToken = default);

    Task<PlanRun> CreatePlanRunAsync(long forecastRunId, DateOnly planDate, CancellationToken cancellationToken = default);

    /// <summary>Stores a plan run's proposals, replacing any it had (a re-run plan job writes the same set once, and a
    /// proposal already decided on keeps its decision). The proposed (undecided) proposals of earlier plan runs are
    /// superseded (actor <c>system</c>); approved and edited ones stand.</summary>
    Task WriteProposalsAsync(long planRunId, IReadOnlyList<TransferProposal> proposals, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PlanRun>> ListPlanRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Proposals, best benefit first; filtered by status and plan run when given.</summary>
    Task<IReadOnlyList<StoredProposal>> ListProposalsAsync(ProposalStatus? status = null, long? planRunId = null, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>Proposals a planner edited (their original numbers and the edit), newest first.</summary>
    Task<IReadOnlyList<StoredProposal>> ListEditedProposalsAsync(int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>Why a plan run no longer reflects the store (a newer completed forecast run, or an inventory load that
    /// changed stock after it), or null when it still does.</summary>
    Task<string?> PlanStalenessAsync(long planRunId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves what <paramref name="proposal"/> decided (its status, quantity and edited numbers) if the stored proposal is
    /// still at <see cref="Proposal.Version"/>, and appends the decision by <paramref name="actor"/> to the audit trail,
    /// in one transaction.
    /// </summary>
    /// <returns>The proposal as saved (its version one higher), or null when someone else changed it first.</returns>
    Task<StoredProposal?> SaveDecisionAsync(Proposal proposal, DecisionOutcome outcome, string actor, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ProposalDecision>> ListDecisionsAsync(long proposalId, CancellationToken cancellationToken = default);
}
