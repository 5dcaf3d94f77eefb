namespace Forecasting.Core.Hierarchy;

/// <summary>How the forecasts of the levels are made to add up (docs/reconciliation.md).</summary>
public enum ReconciliationMethod
{
    /// <summary>Every parent is the sum of its SKU x region forecasts; the base forecasts are kept as they are.</summary>
    BottomUp,

    /// <summary>MinT (Wickramasuriya et al. 2019) with the Schäfer-Strimmer shrunk error covariance over the upper levels
    /// (category x region and above), whose reconciled category x region totals are then shared among their SKU x region
    /// series by the same shrunk covariance.</summary>
    MinTShrink,

    /// <summary>As <see cref="MinTShrink"/> with a diagonal covariance (each series' own error variance: WLS with variance scaling).</summary>
    WlsVariance,
}
