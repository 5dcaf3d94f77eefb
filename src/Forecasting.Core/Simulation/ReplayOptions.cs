using Forecasting.Core.Planning;

namespace Forecasting.Core.Simulation;

/// <summary>
/// The rules of a back-test replay (docs/simulation.md), every constant here and validated. The planner's own policy
/// (review period = the planning cadence, service levels, economics) is <see cref="Planner"/>.
/// </summary>
public sealed record ReplayOptions
{
    /// <summary>Days between re-trainings of the forecasts (the service re-trains weekly); plans between re-trainings
    /// read the last forecast further ahead.</summary>
    /// <value>7.</value>
    public int RetrainEveryDays { get; init; } = 7;

    /// <summary>Days between the planner policies' plans (1: the plan job runs daily on the latest forecasts and the day's
    /// stock, as a planner reviewing daily would; the planner's <see cref="PlannerOptions.ReviewPeriodDays"/> still sets its
    /// protection window). Null: every <see cref="PlannerOptions.ReviewPeriodDays"/>.</summary>
    /// <value>1.</value>
    public int? PlanEveryDays { get; init; } = 1;

    /// <summary>The planner policies' plan cadence in days.</summary>
    public int PlanCadenceDays => PlanEveryDays ?? Planner.ReviewPeriodDays;

    /// <summary>Days of history each re-training sees (the most recent ones): bounds the forecasting cost.</summary>
    /// <value>364.</value>
    public int TrainingHistoryDays { get; init; } = 364;

    /// <summary>Days from a warehouse to a customer of its own region.</summary>
    /// <value>1.</value>
    public int LocalDeliveryDays { get; init; } = 1;

    /// <summary>Another warehouse can serve a region's order when a lane leads from it to the region's warehouse
    /// in at most this many days; the order then takes that lane's lead time longer.</summary>
    /// <value>3.</value>
    public int MaxExtraDeliveryDays { get; init; } = 3;

    /// <summary>Probability that a customer drops a unit per extra delivery day (capped at 1).</summary>
    /// <value>0.15.</value>
    public double LossPerExtraDeliveryDay { get; init; } = 0.15;

    /// <summary>A unit sent to a customer from another warehouse costs this multiple of the lane's cost per unit
    /// (a parcel over the distance, not a pallet).</summary>
    /// <value>2.</value>
    public double RemoteDeliveryCostFactor { get; init; } = 2;

    /// <summary>Holding cost per unit and year on hand, as a share of the unit cost (charged per day, every warehouse).</summary>
    /// <value>0.25.</value>
    public double HoldingCostPerYear { get; init; } = 0.25;

    /// <summary>Supplier lead time into the central DC.</summary>
    /// <value>14.</value>
    public int SupplierLeadDays { get; init; } = 14;

    /// <summary>Days between the central DC's supplier orders.</summary>
    /// <value>7.</value>
    public int SupplierReviewDays { get; init; } = 7;

    /// <summary>Service level of the DC's base-stock level (the quantile of network demand over lead + review).</summary>
    /// <value>0.95.</value>
    public double SupplierServiceLevel { get; init; } = 0.95;

    /// <summary>Days of past demand the base-stock rule, the reactive policy and the starting stock average.</summary>
    /// <value>28.</value>
    public int DemandLookbackDays { get; init; } = 28;

    /// <summary>Each regional warehouse starts with this many days of its trailing mean demand (the rest of the
    /// base-stock level is at the DC) unless the input gives starting stock.</summary>
    /// <value>14.</value>
    public int StartingRegionalCoverDays { get; init; } = 14;

    /// <summary>Seed of the customers' decisions (which units of a slow delivery are lost): the same seed, the same replay.</summary>
    /// <value>1.</value>
    public ulong Seed { get; init; } = 1;

    /// <summary>The planner's policy; its review period is the planning cadence of the planner policies.</summary>
    public PlannerOptions Planner { get; init; } = new();

    /// <summary>Worker threads over SKUs (null: all cores). Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>These options with the planner valuing shortages by <paramref name="valuation"/> under this replay's own delivery
    /// rules (loss per extra day, reach, remote delivery cost), and optionally holding cost, critical-ratio service levels and
    /// the benefit counted from the move's arrival.</summary>
    public ReplayOptions WithPlannerEconomics(ShortageValuation valuation, bool criticalRatio = false, bool holding = false, BenefitWindow benefitWindow = BenefitWindow.FromArrival) => this with
    {
        Planner = Planner with
        {
            ShortageValuation = valuation,
            LossPerExtraDeliveryDay = LossPerExtraDeliveryDay,
            MaxExtraDeliveryDays = MaxExtraDeliveryDays,
            RemoteDeliveryCostFactor = RemoteDeliveryCostFactor,
            HoldingCostPerYear = holding ? HoldingCostPerYear : 0,
            ServiceLevelFromCriticalRatio = criticalRatio,
            BenefitWindow = benefitWindow,
        },
    };

    /// <exception cref="ArgumentException">Every invalid setting, one per line.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Require(RetrainEveryDays is >= 1 and <= 364, $"Simulation:RetrainEveryDays must be 1-364 (was {RetrainEveryDays}).");
        Require(PlanEveryDays is null or (>= 1 and <= 364), $"Simulation:PlanEveryDays must be 1-364 (was {PlanEveryDays}).");
        Require(TrainingHistoryDays >= 28, $"Simulation:TrainingHistoryDays must be at least 28 (was {TrainingHistoryDays}).");
        Require(LocalDeliveryDays >= 0, $"Simulation:LocalDeliveryDays must be non-negative (was {LocalDeliveryDays}).");
        Require(MaxExtraDeliveryDays >= 0, $"Simulation:MaxExtraDeliveryDays must be non-negative (was {MaxExtraDeliveryDays}).");
        Require(LossPerExtraDeliveryDay is >= 0 and <= 1, $"Simulation:LossPerExtraDeliveryDay must be in [0, 1] (was {LossPerExtraDeliveryDay}).");
        Require(RemoteDeliveryCostFactor >= 0 && double.IsFinite(RemoteDeliveryCostFactor), $"Simulation:RemoteDeliveryCostFactor must be non-negative (was {RemoteDeliveryCostFactor}).");
        Require(HoldingCostPerYear >= 0 && double.IsFinite(HoldingCostPerYear), $"Simulation:HoldingCostPerYear must be non-negative (was {HoldingCostPerYear}).");
        Require(SupplierLeadDays >= 0 && SupplierReviewDays >= 1, $"Simulation:SupplierLeadDays must be non-negative and SupplierReviewDays at least 1 (were {SupplierLeadDays}, {SupplierReviewDays}).");
        Require(SupplierServiceLevel is > 0 and < 1, $"Simulation:SupplierServiceLevel must be in (0, 1) (was {SupplierServiceLevel}).");
        Require(DemandLookbackDays >= 1 && StartingRegionalCoverDays >= 0, $"Simulation:DemandLookbackDays must be at least 1 and StartingRegionalCoverDays non-negative (were {DemandLookbackDays}, {StartingRegionalCoverDays}).");
        Require(MaxDegreeOfParallelism is null or >= 1, $"Simulation:MaxDegreeOfParallelism must be at least 1 (was {MaxDegreeOfParallelism}).");
        if (Planner is null)
        {
            errors.Add("Simulation:Planner is required.");
        }
        else
        {
            try
            {
                Planner.Validate();
            }
            catch (ArgumentException e)
            {
                errors.Add(e.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulation settings:\n  " + string.Join("\n  ", errors));
        }
    }
}
