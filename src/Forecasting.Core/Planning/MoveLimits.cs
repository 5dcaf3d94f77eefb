namespace Forecasting.Core.Planning;

/// <summary>
/// The limits and prices a move was planned under, stored with the proposal so that an edit is checked and
/// re-valued against the same numbers the planner used (<see cref="Proposal.Edit"/>).
/// </summary>
/// <param name="SourceSurplus">Units the source could send when planned (position - its target, less the central
/// reserve).</param>
/// <param name="LaneMinimum">The lane's minimum shipment (0 = none).</param>
/// <param name="CasePack">Units per case: moves are whole cases.</param>
/// <param name="DestinationHeadroom">Capacity - on hand - in transit at the destination when planned.</param>
/// <param name="CostPerUnit">The lane's transfer cost per unit.</param>
/// <param name="UnitMargin">The margin an avoided shortage unit is worth.</param>
/// <param name="Arrival">The destination's demand around the move's arrival when the benefit counted only the demand after it
/// (<see cref="BenefitWindow.FromArrival"/>); null: the whole window.</param>
public sealed record MoveLimits(int SourceSurplus, int LaneMinimum, int CasePack, int DestinationHeadroom, double CostPerUnit, double UnitMargin, ArrivalDemand? Arrival = null);
