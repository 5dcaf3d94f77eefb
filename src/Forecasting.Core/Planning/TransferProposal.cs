namespace Forecasting.Core.Planning;

/// <summary>
/// A proposed stock move with the numbers that produced it: the destination's demand over its protection
/// window (mean and p10/p90), the target (service-level quantile), its position before and after the move,
/// the expected shortage units the move avoids, its transfer cost and its expected benefit
/// (avoided shortage x unit margin - cost).
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
    string Model);
