using System.Data.Common;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Npgsql;

namespace Forecasting.Storage.Postgres;

// Plan runs, proposals, decisions and export batches: the shared queries (SqlProposals), plus what pays to keep
// dialect-specific here: a plan's proposals sent as arrays through unnest (one statement, not one per proposal).
public sealed partial class PostgresStore
{
    public Task<PlanRun> CreatePlanRunAsync(long forecastRunId, DateOnly planDate, CancellationToken cancellationToken = default) => _proposals.CreatePlanRunAsync(forecastRunId, planDate, cancellationToken);

    public Task WriteProposalsAsync(long planRunId, IReadOnlyList<TransferProposal> proposals, CancellationToken cancellationToken = default) => _proposals.WriteProposalsAsync(planRunId, proposals, cancellationToken);

    public Task<IReadOnlyList<PlanRun>> ListPlanRunsAsync(CancellationToken cancellationToken = default) => _proposals.ListPlanRunsAsync(cancellationToken);

    public Task<IReadOnlyList<StoredProposal>> ListProposalsAsync(ProposalStatus? status = null, long? planRunId = null, int limit = 1000, CancellationToken cancellationToken = default) =>
        _proposals.ListAsync(status, planRunId, limit, cancellationToken);

    public Task<(int Total, IReadOnlyList<StoredProposal> Items)> QueryProposalsAsync(ProposalQuery query, CancellationToken cancellationToken = default) => _proposals.QueryAsync(query, cancellationToken);

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

    private static async Task InsertProposals(DbConnection connection, DbTransaction transaction, long planRunId, IReadOnlyList<TransferProposal> proposals, object createdAt, CancellationToken cancellationToken) =>
        await ExecuteAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, """
            INSERT INTO transfer_proposals (plan_run_id, sku, from_warehouse, to_warehouse, quantity, arrive_by_day, status, version, details, created_at, benefit)
            SELECT $1, s, f, t, q, a, $3, 1, d, $2, b
            FROM unnest($4::text[], $5::text[], $6::text[], $7::integer[], $8::integer[], $9::text[], $10::double precision[]) AS x(s, f, t, q, a, d, b)
            """, cancellationToken, planRunId, createdAt, ProposalWire.Name(ProposalStatus.Proposed),
            proposals.Select(p => p.Sku).ToArray(), proposals.Select(p => p.From).ToArray(), proposals.Select(p => p.To).ToArray(), proposals.Select(p => p.Quantity).ToArray(),
            proposals.Select(p => p.ArriveBy.DayNumber).ToArray(), proposals.Select(ProposalJson.Write).ToArray(), proposals.Select(p => p.Benefit).ToArray());
}
