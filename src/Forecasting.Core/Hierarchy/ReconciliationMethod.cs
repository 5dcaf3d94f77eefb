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

/// <summary>Names of the methods as configuration, the CLI and the store write them.</summary>
public static class ReconciliationMethods
{
    public static string Name(this ReconciliationMethod method) => method switch
    {
        ReconciliationMethod.BottomUp => "bottom-up",
        ReconciliationMethod.MinTShrink => "mint-shrink",
        ReconciliationMethod.WlsVariance => "wls-variance",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <exception cref="ArgumentException">Not a method name, with the known ones.</exception>
    public static ReconciliationMethod Parse(string text) =>
        Enum.GetValues<ReconciliationMethod>().FirstOrDefault(m => string.Equals(m.Name(), text?.Trim(), StringComparison.OrdinalIgnoreCase)) is var found && string.Equals(found.Name(), text?.Trim(), StringComparison.OrdinalIgnoreCase)
            ? found
            : throw new ArgumentException($"'{text}' is not a reconciliation method; methods are {string.Join(", ", Enum.GetValues<ReconciliationMethod>().Select(m => m.Name()))}.");
}
