namespace Forecasting.Core.Planning;

/// <summary>
/// A proposed stock move with the numbers that produced it: the destination's demand over its protection
/// window (mean and p10/p90), the target (service-level quantile), its position before and after the move,
/// the expected shortage units the move avoids, its transfer cost and its expected benefit
/// (avoided shortage x unit margin - cost). <see cref="Kind"/> is <see cref="PrePosition"/> for a planned
/// move, <see cref="ReviewUnconsumed"/> for earlier pre-positioned stock still unsold after the review delay
/// (a proposal to move it back, or to hold it by rejecting the proposal). <see cref="Limits"/> holds the limits and
/// prices it was planned under (null on proposals stored before they were recorded: such an edit is only checked for
/// a positive quantity). <see cref="AbcClass"/> is the SKU's ABC class ('A', 'B' or 'C', <see cref="AbcClassifier"/>) the
/// service level came from (null on proposals stored before it was recorded).
/// </summary>
public sealed record TransferProposal(
    string Sku,
    string From,
    string To,
    int Quantity,
    DateOnly ArriveBy,
    int WindowDays,
    double DemandMean,
    double DemandP10,
    double DemandP90,
    double Target,
    int PositionBefore,
    int PositionAfter,
    double ServiceLevel,
    double ExpectedShortageAvoided,
    double Cost,
    double Benefit,
    string Model,
    string Kind = TransferProposal.PrePosition,
    MoveLimits? Limits = null,
    char? AbcClass = null)
{
    public const string PrePosition = "pre-position";
    public const string ReviewUnconsumed = "review-unconsumed";
}
