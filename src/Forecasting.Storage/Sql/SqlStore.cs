using Forecasting.Core.Domain;
using Forecasting.Core.Hierarchy;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>
/// What both stores share word for word: plan runs, proposals, decisions, export batches and API keys through the
/// queries written once over <see cref="System.Data.Common.DbConnection"/> (<see cref="SqlProposals"/>,
/// <see cref="SqlAccess"/>). A store supplies its session and its bulk insert, and overrides what pays to be
/// dialect-specific (SQLite's seek-based proposal pager).
/// </summary>
public abstract class SqlStore : IProposalStore, IExportBatchStore, IAccessStore, ITrendStore, ILoadHistoryStore, IHierarchyForecastStore
{
    private readonly SqlProposals _proposals;
    private readonly SqlAccess _access;
    private readonly SqlTrends _trends;
    private readonly SqlLoads _loads;
    private readonly SqlLoadedFiles _loadedFiles;
    private readonly SqlHierarchyForecasts _hierarchy;

    private protected SqlStore(SqlSession session, InsertProposals insertProposals)
    {
        _proposals = new SqlProposals(session, insertProposals);
        _access = new SqlAccess(session);
        _trends = new SqlTrends(session);
        _loads = new SqlLoads(session);
        _loadedFiles = new SqlLoadedFiles(session);
        _hierarchy = new SqlHierarchyForecasts(session);
    }

    public virtual Task<(int Total, IReadOnlyList<StoredProposal> Items)> QueryProposalsAsync(ProposalQuery query, CancellationToken cancellationToken = default) => _proposals.QueryAsync(query, cancellationToken);

    public Task<PlanRun> CreatePlanRunAsync(long forecastRunId, DateOnly planDate, CancellationToken cancellationToken = default) => _proposals.CreatePlanRunAsync(forecastRunId, planDate, cancellationToken);

    public Task WriteProposalsAsync(long planRunId, IReadOnlyList<TransferProposal> proposals, CancellationToken cancellationToken = default) => _proposals.WriteProposalsAsync(planRunId, proposals, cancellationToken);

    public Task<IReadOnlyList<PlanRun>> ListPlanRunsAsync(CancellationToken cancellationToken = default) => _proposals.ListPlanRunsAsync(cancellationToken);

    public Task<IReadOnlyList<StoredProposal>> ListProposalsAsync(ProposalStatus? status = null, long? planRunId = null, int limit = 1000, CancellationToken cancellationToken = default) =>
        _proposals.ListAsync(status, planRunId, limit, cancellationToken);

    public Task<IReadOnlyList<StoredProposal>> ListEditedProposalsAsync(int limit = 1000, CancellationToken cancellationToken = default) => _proposals.ListEditedAsync(limit, cancellationToken);

    public Task<StoredProposal?> GetProposalAsync(long id, CancellationToken cancellationToken = default) => _proposals.GetAsync(id, cancellationToken);

    public Task<string?> PlanStalenessAsync(long planRunId, CancellationToken cancellationToken = default) => _proposals.StalenessAsync(planRunId, cancellationToken);

    public Task<StoredProposal?> SaveDecisionAsync(Proposal proposal, DecisionOutcome outcome, string actor, CancellationToken cancellationToken = default) =>
        _proposals.SaveDecisionAsync(proposal, outcome, actor, cancellationToken);

    public Task<IReadOnlyList<ProposalDecision>> ListDecisionsAsync(long proposalId, CancellationToken cancellationToken = default) => _proposals.ListDecisionsAsync(proposalId, cancellationToken);

    public Task<ExportBatch> CreateExportBatchAsync(ExportBatchDraft draft, CancellationToken cancellationToken = default) => _proposals.CreateExportBatchAsync(draft, cancellationToken);

    public Task<ExportBatch?> GetExportBatchAsync(long id, CancellationToken cancellationToken = default) => _proposals.GetExportBatchAsync(id, cancellationToken);

    public Task<ExportBatch?> FindExportBatchAsync(string idempotencyKey, CancellationToken cancellationToken = default) => _proposals.FindExportBatchAsync(idempotencyKey, cancellationToken);

    public Task<IReadOnlyList<ExportedMove>> ReadExportBatchAsync(long id, CancellationToken cancellationToken = default) => _proposals.ReadExportBatchAsync(id, cancellationToken);

    public Task<IReadOnlyList<ExportBatch>> ListExportBatchesAsync(int limit = 200, CancellationToken cancellationToken = default) => _proposals.ListExportBatchesAsync(limit, cancellationToken);

    public Task<ApiKeyRecord> CreateApiKeyAsync(string name, string role, string prefix, byte[] hash, string actor, string? owner, CancellationToken cancellationToken = default) =>
        _access.CreateApiKeyAsync(name, role, prefix, hash, actor, owner, cancellationToken);

    public Task<bool> RevokeApiKeyAsync(long id, string actor, CancellationToken cancellationToken = default) => _access.RevokeApiKeyAsync(id, actor, cancellationToken);

    public Task<ApiKeyRecord?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken = default) => _access.FindApiKeyAsync(hash, cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken = default) => _access.ListApiKeysAsync(cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit = 200, CancellationToken cancellationToken = default) => _access.ListAuditAsync(limit, cancellationToken);

    public Task<IReadOnlyList<LoadRecord>> ListLoadsAsync(int limit = 200, CancellationToken cancellationToken = default) => _loads.ListAsync(limit, cancellationToken);

    public Task<IReadOnlyList<KeyRingEntry>> ReadKeyRingAsync(CancellationToken cancellationToken = default) => _access.ReadKeyRingAsync(cancellationToken);

    public Task SaveKeyRingEntryAsync(KeyRingEntry entry, CancellationToken cancellationToken = default) => _access.SaveKeyRingEntryAsync(entry, cancellationToken);

    public async Task<TrendReport> QueryTrendsAsync(TrendQuery query, CancellationToken cancellationToken = default)
    {
        var runs = this is IForecastStore forecasts ? await forecasts.ListRunsAsync(cancellationToken) : [];
        return await _trends.QueryAsync(query, runs.LatestCompletedProduction(), cancellationToken);
    }

    public Task<EmergenceReport> RankEmergenceAsync(EmergenceQuery query, CancellationToken cancellationToken = default) => _trends.RankAsync(query, cancellationToken);

    public Task<LoadedFile?> FindLoadedFileAsync(string contentHash, CancellationToken cancellationToken = default) => _loadedFiles.FindAsync(contentHash, cancellationToken);

    public Task RememberLoadedFileAsync(LoadedFile file, CancellationToken cancellationToken = default) => _loadedFiles.RememberAsync(file, cancellationToken);

    public Task WriteReconciledForecastsAsync(long runId, ReconciliationMethod method, IReadOnlyList<HierarchyForecastRecord> rows, CancellationToken cancellationToken = default) =>
        _hierarchy.WriteAsync(runId, method, rows, cancellationToken);

    public Task<StoredReconciliation?> GetReconciliationAsync(long runId, CancellationToken cancellationToken = default) => _hierarchy.GetAsync(runId, cancellationToken);

    public Task<IReadOnlyList<HierarchyForecastRecord>> ReadReconciledForecastsAsync(long runId, HierarchyLevel level, HierarchyFilter? filter = null, CancellationToken cancellationToken = default) =>
        _hierarchy.ReadAsync(runId, level, filter, cancellationToken);
    /// <inheritdoc cref="ITrendStore.RebuildTrendRollupsAsync"/>
    public abstract Task RebuildTrendRollupsAsync(CancellationToken cancellationToken = default);
}
