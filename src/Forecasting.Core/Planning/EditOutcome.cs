namespace Forecasting.Core.Planning;

/// <summary>
/// What a planner's edit of a proposed move was worth once its window's demand is known: the move valued at the
/// quantity the planner set against the quantity the planner proposed, both with <see cref="MoveValue.Realised"/> on
/// the destination's actual demand over the protection window. <see cref="ValueAdded"/> is positive when the edit
/// did better than the proposal (forecast value added, applied to the planners' overrides).
/// </summary>
/// <remarks>Prices come from the proposal's own limits (unit margin, cost per unit) or, on proposals stored before they
/// were recorded, from its numbers (cost / quantity, (benefit + cost) / shortage avoided). Holding cost is left out:
/// both quantities are valued alike, so it moves the value added only by the holding of the difference.</remarks>
public sealed record EditOutcome(TransferProposal Proposal, int EditedQuantity, DateOnly WindowStart, double Demand, MoveValue AsProposed, MoveValue AsEdited)
{
    public double ValueAdded => AsEdited.Benefit - AsProposed.Benefit;

    /// <param name="windowStart">The plan's day: the window runs <see cref="TransferProposal.WindowDays"/> days from it.</param>
    /// <param name="demand">Actual units at the destination's regions over the window.</param>
    public static EditOutcome Of(TransferProposal proposal, int editedQuantity, DateOnly windowStart, double demand)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        double costPerUnit = proposal.Limits?.CostPerUnit ?? (proposal.Quantity > 0 ? proposal.Cost / proposal.Quantity : 0);
        double margin = proposal.Limits?.UnitMargin
            ?? (proposal.ExpectedShortageAvoided > 0 ? (proposal.Benefit + proposal.Cost) / proposal.ExpectedShortageAvoided : 0);
        return new EditOutcome(proposal, editedQuantity, windowStart, demand,
            MoveValue.Realised(demand, proposal.PositionBefore, proposal.Quantity, costPerUnit, margin),
            MoveValue.Realised(demand, proposal.PositionBefore, editedQuantity, costPerUnit, margin));
    }
}
