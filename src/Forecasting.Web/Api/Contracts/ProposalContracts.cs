using Forecasting.Core.Planning;

namespace Forecasting.Web.Api.Contracts;

/// <summary>A decision sent by a client; the version may come from If-Match instead.</summary>
public sealed record DecisionRequest(int? Version, int? Quantity, string? Reason);

/// <summary>A bulk approval: each proposal with the version the planner saw.</summary>
public sealed record BulkApproval(IReadOnlyList<BulkItem?>? Items);

public sealed record BulkItem(long Id, int Version);

/// <summary>What happened to one item of a bulk approval (HTTP status it would have had alone).</summary>
public sealed record BulkOutcome(long Id, int Status, string? Reason, int? Version);

/// <summary>The answer to a bulk approval: how many items were approved, and every item's outcome in request order.</summary>
public sealed record BulkApprovalResult(int Approved, IReadOnlyList<BulkOutcome> Items);

/// <summary>A proposal as the API shows it: <c>details</c> are the move's numbers as now agreed (re-valued after an
/// edit), <c>planned</c> the planner's original numbers when an edit changed them.</summary>
public sealed record ProposalView(long Id, long PlanRunId, string Status, int Version, int Quantity, TransferProposal Details, TransferProposal? Planned);

/// <summary>One entry of a proposal's decision history.</summary>
public sealed record DecisionView(string Actor, DateTimeOffset DecidedAt, string Action, int? QuantityBefore, int? QuantityAfter, string? Reason);

/// <summary>A proposal as it is now, and its decisions, oldest first.</summary>
public sealed record DecisionHistory(ProposalView Proposal, IReadOnlyList<DecisionView> Decisions);
