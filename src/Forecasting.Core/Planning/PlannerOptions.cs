namespace Forecasting.Core.Planning;

/// <summary>
/// The planner's policy (design.md "Planner math"); every constant here, validated. Defaults as documented.
/// </summary>
public sealed record PlannerOptions
{
    /// <summary>Days between planning runs; added to the supplying lane's lead time to make the protection window.</summary>
    /// <value>7.</value>
    public int ReviewPeriodDays { get; init; } = 7;

    /// <summary>Service level (target quantile of demand over the window) of A, B and C items.</summary>
    public double ServiceLevelA { get; init; } = 0.95;

    public double ServiceLevelB { get; init; } = 0.90;

    public double ServiceLevelC { get; init; } = 0.80;

    /// <summary>A items make up this share of revenue (largest first), B the next share up to <see cref="ClassBShare"/>.</summary>
    /// <value>0.80 and 0.95.</value>
    public double ClassAShare { get; init; } = 0.80;

    public double ClassBShare { get; init; } = 0.95;

    /// <summary>Share of the central DC's position it never sends away (its reserve).</summary>
    /// <value>0.20.</value>
    public double CentralReserveFraction { get; init; } = 0.20;

    /// <summary>Unit margin used when the catalog has no price or cost for an item.</summary>
    /// <value>10.</value>
    public double DefaultUnitMargin { get; init; } = 10;

    /// <summary>Proposals (and moved stock) older than this many days without being consumed are flagged for review.</summary>
    /// <value>28.</value>
    public int ReviewUnconsumedAfterDays { get; init; } = 28;

    /// <summary>How a unit short at a destination is valued (<see cref="ShortageValuation"/>).</summary>
    /// <value><see cref="ShortageValuation.Reachable"/> (the back-test's choice, docs/simulation.md "Results").</value>
    public ShortageValuation ShortageValuation { get; init; } = ShortageValuation.Reachable;

    /// <summary>With <see cref="ShortageValuation.Reachable"/>: probability a customer drops a unit per extra delivery day.</summary>
    /// <value>0.15.</value>
    public double LossPerExtraDeliveryDay { get; init; } = 0.15;

    /// <summary>With <see cref="ShortageValuation.Reachable"/>: a warehouse reaches another's customers when a lane between them
    /// takes at most this many days.</summary>
    /// <value>3.</value>
    public int MaxExtraDeliveryDays { get; init; } = 3;

    /// <summary>With <see cref="ShortageValuation.Reachable"/>: a unit sent to a customer from another warehouse costs this
    /// multiple of the lane's cost per unit.</summary>
    /// <value>2.</value>
    public double RemoteDeliveryCostFactor { get; init; } = 2;

    /// <summary>Holding cost per unit and year at the destination as a share of the unit cost: a move is charged it for the
    /// units it leaves unsold over the window (quantity - shortage avoided). 0 = not charged.</summary>
    /// <value>0.</value>
    public double HoldingCostPerYear { get; init; }

    /// <summary>Set each destination's service level from the newsvendor critical ratio cu / (cu + co), cu = the value of a unit
    /// short (per <see cref="ShortageValuation"/>, over the cheapest lane in), co = that lane's cost per unit + the holding cost
    /// over the window, clamped to [0.51, 0.99], instead of the fixed ABC levels.</summary>
    /// <value>false.</value>
    public bool ServiceLevelFromCriticalRatio { get; init; }

    /// <summary>Which demand a move's benefit counts (<see cref="BenefitWindow"/>).</summary>
    /// <value><see cref="BenefitWindow.FromArrival"/> (the back-test's choice, docs/simulation.md "Results").</value>
    public BenefitWindow BenefitWindow { get; init; } = BenefitWindow.FromArrival;

    public double ServiceLevel(char abcClass) => abcClass switch
    {
        'A' => ServiceLevelA,
        'B' => ServiceLevelB,
        _ => ServiceLevelC,
    };

    /// <exception cref="ArgumentException">Every invalid setting, one per line.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (ReviewPeriodDays < 1)
        {
            errors.Add($"Planner:ReviewPeriodDays must be at least 1 (was {ReviewPeriodDays}).");
        }

        foreach (var (name, value) in new[] { ("ServiceLevelA", ServiceLevelA), ("ServiceLevelB", ServiceLevelB), ("ServiceLevelC", ServiceLevelC) })
        {
            if (!(value > 0.5 && value < 1))
            {
                errors.Add($"Planner:{name} must be in (0.5, 1) (was {value}).");
            }
        }

        if (!(ClassAShare > 0 && ClassAShare < ClassBShare && ClassBShare <= 1))
        {
            errors.Add($"Planner:ClassAShare and ClassBShare must satisfy 0 < A < B <= 1 (were {ClassAShare}, {ClassBShare}).");
        }

        if (!(CentralReserveFraction >= 0 && CentralReserveFraction <= 1))
        {
            errors.Add($"Planner:CentralReserveFraction must be in [0, 1] (was {CentralReserveFraction}).");
        }

        if (!(DefaultUnitMargin >= 0) || ReviewUnconsumedAfterDays < 1)
        {
            errors.Add("Planner:DefaultUnitMargin must be non-negative and ReviewUnconsumedAfterDays at least 1.");
        }

        if (!(LossPerExtraDeliveryDay is >= 0 and <= 1) || MaxExtraDeliveryDays < 0 || !(RemoteDeliveryCostFactor >= 0 && double.IsFinite(RemoteDeliveryCostFactor))
            || !(HoldingCostPerYear >= 0 && double.IsFinite(HoldingCostPerYear)) || !Enum.IsDefined(ShortageValuation))
        {
            errors.Add($"Planner:LossPerExtraDeliveryDay must be in [0, 1], MaxExtraDeliveryDays, RemoteDeliveryCostFactor and HoldingCostPerYear non-negative, ShortageValuation one of {string.Join(", ", Enum.GetNames<ShortageValuation>())} (were {LossPerExtraDeliveryDay}, {MaxExtraDeliveryDays}, {RemoteDeliveryCostFactor}, {HoldingCostPerYear}, {ShortageValuation}).");
        }

        if (!Enum.IsDefined(BenefitWindow))
        {
            errors.Add($"Planner:BenefitWindow must be one of {string.Join(", ", Enum.GetNames<BenefitWindow>())} (was {BenefitWindow}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid planner settings:\n  " + string.Join("\n  ", errors));
        }
    }
}
