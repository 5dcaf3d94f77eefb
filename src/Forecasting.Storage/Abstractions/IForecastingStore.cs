namespace Forecasting.Storage.Abstractions;

/// <summary>Everything a store offers: implemented by the SQLite (embedded) and PostgreSQL (production) stores,
/// which pass the same contract test suite.</summary>
public interface IForecastingStore : IDemandStore, IIngestStore, IForecastStore, IJobHistoryStore, IProposalStore, IExportBatchStore, IAccessStore, IAccuracyStore, IRunLeaseStore, ITrendStore, ILoadHistoryStore, IHierarchyForecastStore
{
}
