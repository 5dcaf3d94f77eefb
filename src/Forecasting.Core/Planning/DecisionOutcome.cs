namespace Forecasting.Core.Planning;

/// <summary>Why the aggregate refused a decision.</summary>
public enum DecisionFailure
{
    None,

    /// <summary>The action is not a legal transition from the proposal's status (HTTP 409).</summary>
    IllegalTransition,

    /// <summary>The input breaks a rule: a reject without a reason, an edit outside the move's limits (HTTP 400).</summary>
    InvalidInput,
}

/// <summary>The rules an edit is checked against (named in the refusal).</summary>
public static class EditRules
{
    public const string Positive = "quantity-positive";
    public const string SourceSurplus = "source-surplus";
    public const string LaneMinimum = "lane-minimum";
    public const string CasePack = "case-pack";
    public const string DestinationCapacity = "destination-capacity";
    public const string ReasonRequired = "reason-required";
}

/// <summary>
/// What a decision did, or why it was refused. On success <see cref="From"/> -> <see cref="To"/> and the quantities
/// before and after enter the audit trail; on refusal <see cref="Failure"/> says whose fault it is and <see cref="Rule"/>
/// names the broken rule (input refusals only).
/// </summary>
public sealed record DecisionOutcome(
    DecisionAction Action,
    DecisionFailure Failure,
    string? Message,
    string? Rule,
    ProposalStatus From,
    ProposalStatus To,
    int QuantityBefore,
    int QuantityAfter,
    string? Reason)
{
    public bool Succeeded => Failure == DecisionFailure.None;
}
