using System.Globalization;

namespace Forecasting.Core.Planning;

/// <summary>
/// A stock-move proposal and the decisions on it: the aggregate that owns the workflow's rules.
/// <see cref="Approve"/>, <see cref="Edit"/>, <see cref="Reject"/>, <see cref="Export"/>, <see cref="Expire"/> and
/// <see cref="Supersede"/> change <see cref="Status"/> only along <see cref="ProposalStateMachine"/>'s transitions and
/// return a <see cref="DecisionOutcome"/>; a refused decision changes nothing. An edit is checked against the limits
/// the move was planned under (<see cref="MoveLimits"/>) and re-valued with the planner's own math (<see cref="MoveValue"/>),
/// so position after, expected shortage avoided, cost and benefit always describe the agreed quantity.
/// </summary>
/// <remarks>Not thread-safe: one decision at a time; concurrent decisions are settled by the store's version check.</remarks>
public sealed class Proposal
{
    /// <param name="planned">The planner's proposal as issued.</param>
    /// <param name="quantity">The quantity now agreed (differs from <paramref name="planned"/>'s after an edit).</param>
    /// <param name="edited">The move re-valued at the edited quantity, when it was edited.</param>
    public Proposal(long id, long planRunId, TransferProposal planned, ProposalStatus status, int version, int quantity, TransferProposal? edited = null)
    {
        Planned = planned ?? throw new ArgumentNullException(nameof(planned));
        Id = id;
        PlanRunId = planRunId;
        Status = status;
        Version = version;
        Quantity = quantity;
        Edited = edited;
    }

    public long Id { get; }

    public long PlanRunId { get; }

    /// <summary>The planner's proposal as issued (never changed: the engine's side of the edit-value comparison).</summary>
    public TransferProposal Planned { get; }

    /// <summary>The move re-valued at the edited quantity; null until edited.</summary>
    public TransferProposal? Edited { get; private set; }

    public ProposalStatus Status { get; private set; }

    /// <summary>The version it was loaded at (the store saves a decision only while it still is).</summary>
    public int Version { get; }

    public int Quantity { get; private set; }

    /// <summary>The numbers of the move as now agreed.</summary>
    public TransferProposal Current => Edited ?? (Planned.Quantity == Quantity ? Planned : Planned with { Quantity = Quantity });

    public DecisionOutcome Approve() => Transition(DecisionAction.Approve, Quantity, null);

    /// <summary>Reject the move; a reason is required (it tells the next planner why).</summary>
    public DecisionOutcome Reject(string? reason) => string.IsNullOrWhiteSpace(reason)
        ? Refuse(DecisionAction.Reject, DecisionFailure.InvalidInput, EditRules.ReasonRequired, "reject needs a reason", reason)
        : Transition(DecisionAction.Reject, Quantity, reason);

    public DecisionOutcome Export() => Transition(DecisionAction.Export, Quantity, null);

    /// <summary>Expire: the plan no longer reflects stock or forecasts (<paramref name="reason"/> says why).</summary>
    public DecisionOutcome Expire(string reason) => Transition(DecisionAction.Expire, Quantity, reason);

    /// <summary>A newer plan replaces this one; only an undecided proposal is superseded.</summary>
    public DecisionOutcome Supersede(long byPlanRun) => Transition(DecisionAction.Supersede, Quantity, SupersededReason(byPlanRun));

    /// <summary>The reason recorded when plan run <paramref name="byPlanRun"/> supersedes a proposal.</summary>
    public static string SupersededReason(long byPlanRun) => "superseded by plan run " + byPlanRun.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Agree to the move at <paramref name="quantity"/> units. It must be at least 1 and, when the move's limits are
    /// known, whole cases, at least the lane's minimum, at most the source's surplus and at most the destination's
    /// headroom; the move is then re-valued with <see cref="MoveValue"/>.
    /// </summary>
    public DecisionOutcome Edit(int quantity, string? reason = null)
    {
        if (ProposalStateMachine.Next(Status, DecisionAction.Edit) is null)
        {
            return Illegal(DecisionAction.Edit, reason);
        }

        if (Broken(quantity) is { } broken)
        {
            return Refuse(DecisionAction.Edit, DecisionFailure.InvalidInput, broken.Rule, broken.Message, reason);
        }

        var outcome = Transition(DecisionAction.Edit, quantity, reason);
        Edited = Revalue(quantity);
        return outcome;
    }

    /// <summary>The first edit rule <paramref name="quantity"/> breaks, or null.</summary>
    public (string Rule, string Message)? Broken(int quantity)
    {
        if (quantity < 1)
        {
            return (EditRules.Positive, $"edit needs a quantity of at least 1 (was {quantity})");
        }

        if (Planned.Limits is not { } limits)
        {
            return null;
        }

        if (quantity > limits.SourceSurplus)
        {
            return (EditRules.SourceSurplus, $"{quantity} units exceed the {limits.SourceSurplus} units {Planned.From} can spare (its surplus when planned)");
        }

        if (quantity < limits.LaneMinimum)
        {
            return (EditRules.LaneMinimum, $"{quantity} units are below the lane {Planned.From} -> {Planned.To} minimum of {limits.LaneMinimum}");
        }

        if (quantity % limits.CasePack != 0)
        {
            return (EditRules.CasePack, $"{quantity} units are not whole cases of {limits.CasePack} (nearest: {quantity / limits.CasePack * limits.CasePack} or {(quantity / limits.CasePack + 1) * limits.CasePack})");
        }

        if (quantity > limits.DestinationHeadroom)
        {
            return (EditRules.DestinationCapacity, $"{quantity} units exceed the room left at {Planned.To} ({limits.DestinationHeadroom} units below its capacity)");
        }

        return null;
    }

    /// <summary>The move re-valued at <paramref name="quantity"/> units with the planner's math and the prices it was
    /// planned with (recovered from the stored numbers when the proposal predates recorded limits).</summary>
    public TransferProposal Revalue(int quantity)
    {
        var p = Planned;
        double costPerUnit = p.Limits?.CostPerUnit ?? (p.Quantity > 0 ? p.Cost / p.Quantity : 0);
        if (p.Kind == TransferProposal.ReviewUnconsumed)
        {
            var back = MoveValue.Back(quantity, costPerUnit);
            return p with { Quantity = quantity, PositionAfter = p.PositionBefore - quantity, ExpectedShortageAvoided = back.ShortageAvoided, Cost = back.Cost, Benefit = back.Benefit };
        }

        double margin = p.Limits?.UnitMargin ?? (p.ExpectedShortageAvoided > 0 ? (p.Benefit + p.Cost) / p.ExpectedShortageAvoided : 0);
        var value = p.Limits?.Arrival is { } arrival
            ? MoveValue.Into(arrival, p.PositionBefore, quantity, costPerUnit, margin)
            : MoveValue.Into(WindowDemand.FromMeanAndP90(p.DemandMean, p.DemandP90), p.PositionBefore, quantity, costPerUnit, margin);
        return p with { Quantity = quantity, PositionAfter = p.PositionBefore + quantity, ExpectedShortageAvoided = value.ShortageAvoided, Cost = value.Cost, Benefit = value.Benefit };
    }

    private DecisionOutcome Transition(DecisionAction action, int quantityAfter, string? reason)
    {
        if (ProposalStateMachine.Next(Status, action) is not { } next)
        {
            return Illegal(action, reason);
        }

        var outcome = new DecisionOutcome(action, DecisionFailure.None, null, null, Status, next, Quantity, quantityAfter, reason);
        Status = next;
        Quantity = quantityAfter;
        return outcome;
    }

    private DecisionOutcome Illegal(DecisionAction action, string? reason)
    {
        string done = action switch
        {
            DecisionAction.Approve => "approved",
            DecisionAction.Edit => "edited",
            DecisionAction.Reject => "rejected",
            DecisionAction.Export => "exported",
            DecisionAction.Expire => "expired",
            _ => "superseded",
        };
        string message = Status switch
        {
            ProposalStatus.Expired => $"proposal {Id} is expired: it was planned on older stock and forecasts; decide on the newer plan's proposals",
            ProposalStatus.Superseded => $"proposal {Id} is superseded: a newer plan replaced it; decide on the newer plan's proposals",
            ProposalStatus.Approved or ProposalStatus.Edited when action == DecisionAction.Approve => $"proposal {Id} is already {ProposalWire.Name(Status)}",
            ProposalStatus.Proposed when action == DecisionAction.Export => $"proposal {Id} is proposed: only approved moves are exported",
            _ when !ProposalStateMachine.IsOpen(Status) => $"proposal {Id} is {ProposalWire.Name(Status)}: no further decision is possible",
            _ => $"proposal {Id} is {ProposalWire.Name(Status)}: it cannot be {done}",
        };
        return Refuse(action, DecisionFailure.IllegalTransition, null, message, reason);
    }

    private DecisionOutcome Refuse(DecisionAction action, DecisionFailure failure, string? rule, string message, string? reason) =>
        new(action, failure, message, rule, Status, Status, Quantity, Quantity, reason);
}
