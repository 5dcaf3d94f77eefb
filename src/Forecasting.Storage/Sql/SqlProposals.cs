using System.Data.Common;
using Dapper;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>Writes a plan run's new proposals (the one dialect-specific step: PostgreSQL sends them as arrays through
/// <c>unnest</c>, SQLite reuses one prepared insert).</summary>
internal delegate Task InsertProposals(DbConnection connection, DbTransaction transaction, long planRunId, IReadOnlyList<TransferProposal> proposals, object createdAt, CancellationToken cancellationToken);

/// <summary>
/// Plan runs, proposals, decisions and export batches, written once for both stores over <see cref="DbConnection"/>
/// with Dapper and named parameters. Persistence only: which transitions are legal is the <see cref="Proposal"/>
/// aggregate's business (set-based supersession asks <see cref="ProposalStateMachine"/> which statuses it may touch).
/// </summary>
internal sealed class SqlProposals(SqlSession session, InsertProposals insertProposals)
{
    private const string Select = $"SELECT {ProposalRow.Columns} FROM transfer_proposals";

    public Task<StoredProposal?> GetAsync(long id, CancellationToken cancellationToken) =>
        session.ReadAsync(connection => FindAsync(connection, null, id, cancellationToken), cancellationToken);

    public Task<PlanRun> CreatePlanRunAsync(long forecastRunId, DateOnly planDate, CancellationToken cancellationToken) => session.WriteAsync(async (connection, transaction) =>
    {
        var createdAt = session.UtcNow;
        long id = await connection.ExecuteScalarAsync<long>(Command(
            "INSERT INTO plan_runs (forecast_run_id, plan_day, created_at, status) VALUES (@forecastRunId, @day, @createdAt, @status) RETURNING id",
            new { forecastRunId, day = planDate.DayNumber, createdAt = session.Instant(createdAt), status = ProposalWire.Name(PlanRunStatus.Running) }, transaction, cancellationToken));
        return new PlanRun(id, forecastRunId, planDate, createdAt, PlanRunStatus.Running, 0, 0);
    }, cancellationToken);

    public Task WriteProposalsAsync(long planRunId, IReadOnlyList<TransferProposal> proposals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        return session.WriteAsync(async (connection, transaction) =>
        {
            // A re-run plan job: proposals already decided on keep their row and decision, the others are replaced.
            string proposed = ProposalWire.Name(ProposalStatus.Proposed);
            var decided = (await connection.QueryAsync<(string, string, string)>(Command(
                "SELECT sku, from_warehouse, to_warehouse FROM transfer_proposals WHERE plan_run_id = @planRunId AND (status <> @proposed OR version > 1)",
                new { planRunId, proposed }, transaction, cancellationToken))).ToHashSet();
            await connection.ExecuteAsync(Command("DELETE FROM transfer_proposals WHERE plan_run_id = @planRunId AND status = @proposed AND version = 1", new { planRunId, proposed }, transaction, cancellationToken));
            var fresh = proposals.Where(p => !decided.Contains((p.Sku, p.From, p.To))).ToList();
            if (fresh.Count > 0)
            {
                await insertProposals(connection, transaction, planRunId, fresh, session.Now(), cancellationToken);
            }

            // Earlier plans' undecided proposals are superseded (approvals stand), with the reason in the audit trail.
            string from = InList(ProposalStateMachine.AllowedFrom(DecisionAction.Supersede));
            var supersede = new
            {
                planRunId,
                actor = ProposalDecision.System,
                at = session.Now(),
                action = ProposalWire.Name(DecisionAction.Supersede),
                reason = Proposal.SupersededReason(planRunId),
                to = ProposalWire.Name(ProposalStatus.Superseded),
            };
            await connection.ExecuteAsync(Command($"""
                INSERT INTO proposal_decisions (proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason)
                SELECT id, @actor, @at, @action, quantity, quantity, @reason FROM transfer_proposals WHERE plan_run_id < @planRunId AND status IN {from}
                """, supersede, transaction, cancellationToken));
            await connection.ExecuteAsync(Command($"UPDATE transfer_proposals SET status = @to, version = version + 1 WHERE plan_run_id < @planRunId AND status IN {from}", supersede, transaction, cancellationToken));
            await connection.ExecuteAsync(Command("""
                UPDATE plan_runs SET status = @status,
                    proposals = (SELECT COUNT(*) FROM transfer_proposals WHERE plan_run_id = @planRunId),
                    total_benefit = (SELECT COALESCE(SUM(benefit), 0) FROM transfer_proposals WHERE plan_run_id = @planRunId)
                WHERE id = @planRunId
                """, new { planRunId, status = ProposalWire.Name(PlanRunStatus.Completed) }, transaction, cancellationToken));
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<PlanRun>> ListPlanRunsAsync(CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<PlanRun>)[.. (await connection.QueryAsync<PlanRunRow>(Command($"SELECT {PlanRunRow.Columns} FROM plan_runs ORDER BY id", null, null, cancellationToken))).Select(r => r.ToRecord())],
        cancellationToken);

    public Task<IReadOnlyList<StoredProposal>> ListAsync(ProposalStatus? status, long? planRunId, int limit, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
    {
        string where = (status, planRunId) switch
        {
            (null, null) => "",
            (not null, null) => "WHERE status = @status",
            (null, not null) => "WHERE plan_run_id = @planRunId",
            _ => "WHERE status = @status AND plan_run_id = @planRunId",
        };
        var rows = await connection.QueryAsync<ProposalRow>(Command($"{Select} {where} ORDER BY benefit DESC, id LIMIT @limit",
            new { status = status is { } s ? ProposalWire.Name(s) : null, planRunId, limit }, null, cancellationToken));
        return (IReadOnlyList<StoredProposal>)[.. rows.Select(r => r.ToRecord())];
    }, cancellationToken);

    public Task<IReadOnlyList<StoredProposal>> ListEditedAsync(int limit, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<StoredProposal>)[.. (await connection.QueryAsync<ProposalRow>(Command(
            $"{Select} WHERE edited_details IS NOT NULL ORDER BY id DESC LIMIT @limit", new { limit }, null, cancellationToken))).Select(r => r.ToRecord())],
        cancellationToken);

    /// <summary>A page by LIMIT/OFFSET over the sort index (SQLite has its own seek-based pager).</summary>
    public Task<(int Total, IReadOnlyList<StoredProposal> Items)> QueryAsync(ProposalQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        string order = ProposalQuery.SortColumns[query.Sort];
        string where = query.Where(name => "@" + name);
        var parameters = new { status = query.StatusName, warehouse = query.Warehouse, sku = query.Sku, min = query.MinBenefit, region = query.Region, category = query.Category, abc = query.AbcName, limit = query.PageSize, offset = (long)(query.Page - 1) * query.PageSize };
        return session.ReadAsync(async connection =>
        {
            int total = (int)await connection.ExecuteScalarAsync<long>(Command($"SELECT COUNT(*) FROM transfer_proposals WHERE {where}", parameters, null, cancellationToken));
            var rows = await connection.QueryAsync<ProposalRow>(Command(
                $"{Select} WHERE id IN (SELECT id FROM transfer_proposals WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset) ORDER BY {order}",
                parameters, null, cancellationToken));
            return (total, (IReadOnlyList<StoredProposal>)[.. rows.Select(r => r.ToRecord())]);
        }, cancellationToken);
    }

    public Task<string?> StalenessAsync(long planRunId, CancellationToken cancellationToken) => session.ReadAsync(connection =>
        connection.ExecuteScalarAsync<string?>(Command(ProposalSql.Staleness("@planRunId"), new { planRunId }, null, cancellationToken)), cancellationToken);

    public Task<StoredProposal?> SaveDecisionAsync(Proposal proposal, DecisionOutcome outcome, string actor, CancellationToken cancellationToken) =>
        session.WriteAsync(async (connection, transaction) =>
            await SaveAsync(connection, transaction, proposal, outcome, actor, cancellationToken) ? await FindAsync(connection, transaction, proposal.Id, cancellationToken) : null,
            cancellationToken);

    public Task<IReadOnlyList<ProposalDecision>> ListDecisionsAsync(long proposalId, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<ProposalDecision>)[.. (await connection.QueryAsync<DecisionRow>(Command(
            $"SELECT {DecisionRow.Columns} FROM proposal_decisions WHERE proposal_id = @proposalId ORDER BY id", new { proposalId }, null, cancellationToken))).Select(r => r.ToRecord())],
        cancellationToken);

    public Task<ExportBatch> CreateExportBatchAsync(ExportBatchDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return session.WriteAsync(async (connection, transaction) =>
        {
            if (draft.IdempotencyKey is { } key && await FindBatchAsync(connection, transaction, "idempotency_key = @key", new { key }, cancellationToken) is { } existing)
            {
                return existing;
            }

            long id = await connection.ExecuteScalarAsync<long>(Command("""
                INSERT INTO export_batches (created_at, actor, format, filter_warehouse, filter_sku, idempotency_key)
                VALUES (@createdAt, @actor, @format, @warehouse, @sku, @key) RETURNING id
                """, new { createdAt = session.Now(), actor = draft.Actor, format = ProposalWire.Name(draft.Format), warehouse = draft.Filter.Warehouse, sku = draft.Filter.Sku, key = draft.IdempotencyKey },
                transaction, cancellationToken));
            int moves = 0;
            foreach (var (proposal, outcome) in draft.Moves)
            {
                if (!await SaveAsync(connection, transaction, proposal, outcome, draft.Actor, cancellationToken))
                {
                    continue; // decided by someone else since it was read: not in this batch
                }

                var move = proposal.Current;
                await connection.ExecuteAsync(Command("""
                    INSERT INTO export_batch_moves (batch_id, proposal_id, sku, from_warehouse, to_warehouse, quantity, arrive_by_day)
                    VALUES (@id, @proposalId, @sku, @from, @to, @quantity, @arriveBy)
                    """, new { id, proposalId = proposal.Id, sku = move.Sku, from = move.From, to = move.To, quantity = proposal.Quantity, arriveBy = move.ArriveBy.DayNumber }, transaction, cancellationToken));
                moves++;
            }

            await connection.ExecuteAsync(Command("UPDATE export_batches SET moves = @moves WHERE id = @id", new { moves, id }, transaction, cancellationToken));
            return (await FindBatchAsync(connection, transaction, "id = @id", new { id }, cancellationToken))!;
        }, cancellationToken);
    }

    public Task<ExportBatch?> GetExportBatchAsync(long id, CancellationToken cancellationToken) =>
        session.ReadAsync(connection => FindBatchAsync(connection, null, "id = @id", new { id }, cancellationToken), cancellationToken);

    public Task<ExportBatch?> FindExportBatchAsync(string key, CancellationToken cancellationToken) =>
        session.ReadAsync(connection => FindBatchAsync(connection, null, "idempotency_key = @key", new { key }, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ExportedMove>> ReadExportBatchAsync(long id, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<ExportedMove>)[.. (await connection.QueryAsync<ExportedMoveRow>(Command(
            $"SELECT {ExportedMoveRow.Columns} FROM export_batch_moves WHERE batch_id = @id ORDER BY proposal_id", new { id }, null, cancellationToken))).Select(r => r.ToRecord())],
        cancellationToken);

    public Task<IReadOnlyList<ExportBatch>> ListExportBatchesAsync(int limit, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
        (IReadOnlyList<ExportBatch>)[.. (await connection.QueryAsync<ExportBatchRow>(Command(
            $"SELECT {ExportBatchRow.Columns} FROM export_batches ORDER BY id DESC LIMIT @limit", new { limit }, null, cancellationToken))).Select(r => r.ToRecord())],
        cancellationToken);

    /// <summary>Saves the aggregate's decision if the row is still at the version it was loaded at; appends the decision.</summary>
    private async Task<bool> SaveAsync(DbConnection connection, DbTransaction transaction, Proposal proposal, DecisionOutcome outcome, string actor, CancellationToken cancellationToken)
    {
        if (!outcome.Succeeded)
        {
            throw new ArgumentException($"a refused decision is not saved ({outcome.Message})", nameof(outcome));
        }

        int saved = await connection.ExecuteAsync(Command("""
            UPDATE transfer_proposals SET status = @status, quantity = @quantity, edited_details = @edited, benefit = @benefit, version = version + 1
            WHERE id = @id AND version = @version
            """, new
            {
                status = ProposalWire.Name(proposal.Status),
                quantity = proposal.Quantity,
                edited = proposal.Edited is { } edited ? ProposalJson.Write(edited) : null,
                benefit = proposal.Current.Benefit,
                id = proposal.Id,
                version = proposal.Version,
            }, transaction, cancellationToken));
        if (saved != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(Command($"""
            INSERT INTO proposal_decisions (proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason)
            VALUES (@id, @actor, @at, @action, @before, @after, @reason)
            """, new { id = proposal.Id, actor, at = session.Now(), action = ProposalWire.Name(outcome.Action), before = outcome.QuantityBefore, after = outcome.QuantityAfter, reason = outcome.Reason },
            transaction, cancellationToken));
        return true;
    }

    private static async Task<StoredProposal?> FindAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<ProposalRow>(Command($"{Select} WHERE id = @id", new { id }, transaction, cancellationToken)))?.ToRecord();

    private static async Task<ExportBatch?> FindBatchAsync(DbConnection connection, DbTransaction? transaction, string where, object parameters, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<ExportBatchRow>(Command($"SELECT {ExportBatchRow.Columns} FROM export_batches WHERE {where}", parameters, transaction, cancellationToken)))?.ToRecord();

    /// <summary>A SQL list of status names (constants from the enum, never input, so they are written inline: both
    /// dialects take a literal list, while a list parameter would need <c>= ANY</c> on PostgreSQL).</summary>
    private static string InList(IEnumerable<ProposalStatus> statuses) => "(" + string.Join(", ", statuses.Select(s => $"'{ProposalWire.Name(s)}'")) + ")";

    internal static CommandDefinition Command(string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);
}
