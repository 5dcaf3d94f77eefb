using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Npgsql;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string ProposalColumns = "id, plan_run_id, details, status, version, quantity";

    public Task<PlanRun> CreatePlanRunAsync(long forecastRunId, DateOnly planDate, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        var createdAt = _clock.GetUtcNow();
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "INSERT INTO plan_runs (forecast_run_id, plan_day, created_at, status) VALUES ($1, $2, $3, 'running') RETURNING id", forecastRunId, planDate.DayNumber, createdAt);
        long id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new PlanRun(id, forecastRunId, planDate, createdAt, "running", 0, 0);
    }, cancellationToken);

    public Task WriteProposalsAsync(long planRunId, IReadOnlyList<TransferProposal> proposals, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(proposals);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var decided = new HashSet<(string, string, string)>();
        await using (var read = Command(connection, transaction, "SELECT sku, from_warehouse, to_warehouse FROM transfer_proposals WHERE plan_run_id = $1 AND (status <> 'proposed' OR version > 1)", planRunId))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                decided.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        await ExecuteAsync(connection, transaction, "DELETE FROM transfer_proposals WHERE plan_run_id = $1 AND status = 'proposed' AND version = 1", cancellationToken, planRunId);
        var fresh = proposals.Where(p => !decided.Contains((p.Sku, p.From, p.To))).ToList();
        if (fresh.Count > 0)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO transfer_proposals (plan_run_id, sku, from_warehouse, to_warehouse, quantity, arrive_by_day, status, version, details, created_at, benefit)
                SELECT $1, s, f, t, q, a, 'proposed', 1, d, $2, b
                FROM unnest($3::text[], $4::text[], $5::text[], $6::integer[], $7::integer[], $8::text[], $9::double precision[]) AS x(s, f, t, q, a, d, b)
                """, cancellationToken, planRunId, _clock.GetUtcNow(),
                fresh.Select(p => p.Sku).ToArray(), fresh.Select(p => p.From).ToArray(), fresh.Select(p => p.To).ToArray(), fresh.Select(p => p.Quantity).ToArray(),
                fresh.Select(p => p.ArriveBy.DayNumber).ToArray(), fresh.Select(ProposalJson.Write).ToArray(), fresh.Select(p => p.Benefit).ToArray());
        }

        // Earlier plans' open proposals are stale now: expired, with the reason in the audit trail.
        await ExecuteAsync(connection, transaction, """
            INSERT INTO proposal_decisions (proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason)
            SELECT id, 'planner', $2, 'expire', quantity, quantity, 'superseded by plan run ' || $1
            FROM transfer_proposals WHERE plan_run_id < $1 AND status IN ('proposed', 'approved', 'edited')
            """, cancellationToken, planRunId, _clock.GetUtcNow());
        await ExecuteAsync(connection, transaction, "UPDATE transfer_proposals SET status = 'expired', version = version + 1 WHERE plan_run_id < $1 AND status IN ('proposed', 'approved', 'edited')", cancellationToken, planRunId);
        await ExecuteAsync(connection, transaction, """
            UPDATE plan_runs SET status = 'completed',
                proposals = (SELECT count(*) FROM transfer_proposals WHERE plan_run_id = $1),
                total_benefit = (SELECT coalesce(sum(benefit), 0) FROM transfer_proposals WHERE plan_run_id = $1)
            WHERE id = $1
            """, cancellationToken, planRunId);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    public Task<IReadOnlyList<PlanRun>> ListPlanRunsAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT id, forecast_run_id, plan_day, created_at, status, proposals, total_benefit FROM plan_runs ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<PlanRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new PlanRun(reader.GetInt64(0), reader.GetInt64(1), DateOnly.FromDayNumber(reader.GetInt32(2)), new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero),
                reader.GetString(4), reader.GetInt32(5), reader.GetDouble(6)));
        }

        return (IReadOnlyList<PlanRun>)runs;
    }, cancellationToken);

    public Task<IReadOnlyList<StoredProposal>> ListProposalsAsync(string? status = null, long? planRunId = null, int limit = 1000, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {ProposalColumns} FROM transfer_proposals WHERE ($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR plan_run_id = $2) ORDER BY benefit DESC, id LIMIT $3",
            status, planRunId, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var proposals = new List<StoredProposal>();
        while (await reader.ReadAsync(cancellationToken))
        {
            proposals.Add(ReadProposal(reader));
        }

        return (IReadOnlyList<StoredProposal>)proposals;
    }, cancellationToken);

    public Task<(int Total, IReadOnlyList<StoredProposal> Items)> QueryProposalsAsync(ProposalQuery query, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(query);
        string order = ProposalQuery.SortColumns[query.Sort];
        var values = new List<object?>();
        string Parameter(object? value, string type)
        {
            values.Add(value);
            return $"${values.Count}::{type}";
        }

        string where = query.Where(name => name switch
        {
            "status" => Parameter(query.Status, "text"),
            "warehouse" => Parameter(query.Warehouse, "text"),
            "sku" => Parameter(query.Sku, "text"),
            _ => Parameter(query.MinBenefit, "double precision"),
        });
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var count = Command(connection, null, $"SELECT count(*) FROM transfer_proposals WHERE {where}", [.. values]);
        int total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var page = Command(connection, null, $"""
            SELECT {ProposalColumns} FROM transfer_proposals
            WHERE id IN (SELECT id FROM transfer_proposals WHERE {where} ORDER BY {order} LIMIT ${values.Count + 1} OFFSET ${values.Count + 2})
            ORDER BY {order}
            """, [.. values, query.PageSize, (long)(query.Page - 1) * query.PageSize]);
        await using var reader = await page.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredProposal>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadProposal(reader));
        }

        return (total, (IReadOnlyList<StoredProposal>)items);
    }, cancellationToken);

    public Task<StoredProposal?> GetProposalAsync(long id, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {ProposalColumns} FROM transfer_proposals WHERE id = $1", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadProposal(reader) : null;
    }, cancellationToken);

    /// <summary>The proposal's row is locked (SELECT ... FOR UPDATE) for the decision, so concurrent decisions on
    /// one proposal queue up and all but the first find a newer version (conflict).</summary>
    public Task<DecisionResult> DecideAsync(long proposalId, int expectedVersion, string action, string actor, int? quantity = null, string? reason = null, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await FindProposalAsync(connection, transaction, proposalId, lockRow: true, cancellationToken);
        if (current is null)
        {
            return new DecisionResult(DecisionRefusal.NotFound, $"no proposal {proposalId}", null);
        }

        if (current.Version != expectedVersion)
        {
            return new DecisionResult(DecisionRefusal.Conflict, $"proposal {proposalId} changed (version {current.Version}, expected {expectedVersion})", current);
        }

        var (status, refusal) = ProposalLifecycle.Apply(current, action, quantity, reason);
        if (refusal is not null)
        {
            return new DecisionResult(DecisionRefusal.Invalid, refusal, current);
        }

        if (ProposalLifecycle.NeedsFreshPlan(action) && await StalenessAsync(connection, transaction, current.PlanRunId, cancellationToken) is { } stale)
        {
            await ExecuteAsync(connection, transaction, "UPDATE transfer_proposals SET status = 'expired', version = version + 1 WHERE id = $1", cancellationToken, proposalId);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO proposal_decisions (proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason) VALUES ($1, 'planner', $2, 'expire', $3, $3, $4)",
                cancellationToken, proposalId, _clock.GetUtcNow(), current.Quantity, "stale: " + stale);
            var expired = await FindProposalAsync(connection, transaction, proposalId, lockRow: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DecisionResult(DecisionRefusal.Invalid, $"proposal {proposalId} is stale: {stale}; it is now expired, plan again", expired);
        }

        int after = action == "edit" ? quantity!.Value : current.Quantity;
        await ExecuteAsync(connection, transaction, "UPDATE transfer_proposals SET status = $1, quantity = $2, version = version + 1 WHERE id = $3", cancellationToken, status, after, proposalId);
        await ExecuteAsync(connection, transaction,
            "INSERT INTO proposal_decisions (proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            cancellationToken, proposalId, actor, _clock.GetUtcNow(), action, current.Quantity, after, reason);
        var updated = await FindProposalAsync(connection, transaction, proposalId, lockRow: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DecisionResult(DecisionRefusal.None, null, updated);
    }, cancellationToken);

    public Task<IReadOnlyList<ProposalDecision>> ListDecisionsAsync(long proposalId, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason FROM proposal_decisions WHERE proposal_id = $1 ORDER BY id", proposalId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var decisions = new List<ProposalDecision>();
        while (await reader.ReadAsync(cancellationToken))
        {
            decisions.Add(new ProposalDecision(reader.GetInt64(0), reader.GetString(1), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return (IReadOnlyList<ProposalDecision>)decisions;
    }, cancellationToken);

    /// <summary>Why a plan run no longer reflects the store, or null when it still does.</summary>
    private static async Task<string?> StalenessAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long planRunId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, ProposalSql.Staleness("$1"), planRunId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<StoredProposal?> FindProposalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, bool lockRow, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {ProposalColumns} FROM transfer_proposals WHERE id = $1{(lockRow ? " FOR UPDATE" : "")}", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadProposal(reader) : null;
    }

    private static StoredProposal ReadProposal(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), ProposalJson.Read(reader.GetString(2)), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5));
}
