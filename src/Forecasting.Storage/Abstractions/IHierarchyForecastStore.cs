using Forecasting.Core.Hierarchy;

namespace Forecasting.Storage.Abstractions;

/// <summary>A stored forecast of one series of the hierarchy for one day; attributes the level does not split by are null
/// (a SKU-keyed level carries its SKU's category as a label).</summary>
public sealed record HierarchyForecastRecord(long RunId, HierarchyLevel Level, string? Sku, string? Category, string? Region, DateOnly TargetDate, int Horizon,
    double Mean, double P10, double P50, double P90);

/// <summary>How a run's levels were reconciled, and how many series of all levels were stored.</summary>
public sealed record StoredReconciliation(long RunId, ReconciliationMethod Method, int Series, DateTimeOffset CreatedAt);

/// <summary>Narrows a level's forecasts to one SKU, category or region (null: every one).</summary>
public sealed record HierarchyFilter(string? Sku = null, string? Category = null, string? Region = null);

/// <summary>The coherent forecasts of every level of a run (docs/reconciliation.md), written by the training run after its base forecasts.</summary>
public interface IHierarchyForecastStore
{
    /// <summary>Stores a run's reconciled forecasts, replacing any stored before for the run (a re-run writes the same result).</summary>
    Task WriteReconciledForecastsAsync(long runId, ReconciliationMethod method, IReadOnlyList<HierarchyForecastRecord> rows, CancellationToken cancellationToken = default);

    /// <summary>How the run was reconciled, or null when it was not (older runs, or a run still training).</summary>
    Task<StoredReconciliation?> GetReconciliationAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The run's forecasts at <paramref name="level"/>, by category, SKU, region and day.</summary>
    Task<IReadOnlyList<HierarchyForecastRecord>> ReadReconciledForecastsAsync(long runId, HierarchyLevel level, HierarchyFilter? filter = null, CancellationToken cancellationToken = default);
}
