using System.Globalization;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

public sealed partial class SqliteStore : IProposalStore
{
    private const string ProposalColumns = "id, plan_run_id, details, status, version, quantity";

    public Task<PlanRun> CreatePlanRunAsync(long forecastRunId, DateOnly planDate, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        var createdAt = _clock.GetUtcNow();
        using var command = Command(connection, null,
            "INSERT INTO plan_runs (forecast_run_id, plan_day, created_at, status) VALUES ($f, $d, $t, 'running') RETURNING id", "$f", "$d", "$t");
        command.Parameters[0].Value = forecastRunId;
        command.Parameters[1].Value = planDate.DayNumber;
        command.Parameters[2].Value = Now();
        long id = (long)command.ExecuteScalar()!;
        return Task.FromResult(new PlanRun(id, forecastRunId, planDate, createdAt, "running", 0, 0));
    }

    public Task WriteProposalsAsync(long planRunId, IReadOnlyList<TransferProposal> proposals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var decided = new HashSet<(string, string, string)>();
        using (var read = Command(connection, transaction, "SELECT sku, from_warehouse, to_warehouse FROM transfer_proposals WHERE plan_run_id = $r AND (status <> 'proposed' OR version > 1)", "$r"))
        {
            read.Parameters[0].Value = planRunId;
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                decided.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        Execute(connection, transaction, "DELETE FROM transfer_proposals WHERE plan_run_id = $r AND status = 'proposed' AND version = 1", planRunId);
        using (var insert = Command(connection, transaction, """
            INSERT INTO transfer_proposals (plan_run_id, sku, from_warehouse, to_warehouse, quantity, arrive_by_day, status, version, details, created_at, benefit)
            VALUES ($r, $s, $f, $t, $q, $a, 'proposed', 1, $d, $c, $b)
            """, "$r", "$s", "$f", "$t", "$q", "$a", "$d", "$c", "$b"))
        {
            insert.Parameters[0].Value = planRunId;
            insert.Parameters[7].Value = Now();
            foreach (var p in proposals.Where(p => !decided.Contains((p.Sku, p.From, p.To))))
            {
                insert.Parameters[1].Value = p.Sku;
                insert.Parameters[2].Value = p.From;
                insert.Parameters[3].Value = p.To;
                insert.Parameters[4].Value = p.Quantity;
                insert.Parameters[5].Value = p.ArriveBy.DayNumber;
                insert.Parameters[6].Value = ProposalJson.Write(p);
                insert.Parameters[8].Value = p.Benefit;
                insert.ExecuteNonQuery();
            }
        }

        // Earlier plans' open proposals are stale now: expired, with the reason in the audit trail.
        Execute(connection, transaction, """
            INSERT INTO proposal_decisions (proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason)
            SELECT id, 'planner', $t, 'expire', quantity, quantity, 'superseded by plan run ' || $r
            FROM transfer_proposals WHERE plan_run_id < $r AND status IN ('proposed', 'approved', 'edited')
            """, planRunId, Now());
        Execute(connection, transaction, "UPDATE transfer_proposals SET status = 'expired', version = version + 1 WHERE plan_run_id < $r AND status IN ('proposed', 'approved', 'edited')", planRunId);
        Execute(connection, transaction, """
            UPDATE plan_runs SET status = 'completed',
                proposals = (SELECT COUNT(*) FROM transfer_proposals WHERE plan_run_id = $r),
                total_benefit = (SELECT COALESCE(SUM(benefit), 0) FROM transfer_proposals WHERE plan_run_id = $r)
            WHERE id = $r
            """, planRunId);
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PlanRun>> ListPlanRunsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT id, forecast_run_id, plan_day, created_at, status, proposals, total_benefit FROM plan_runs ORDER BY id");
        using var reader = command.ExecuteReader();
        var runs = new List<PlanRun>();
        while (reader.Read())
        {
            runs.Add(new PlanRun(reader.GetInt64(0), reader.GetInt64(1), DateOnly.FromDayNumber(reader.GetInt32(2)), Instant(reader, 3)!.Value,
                reader.GetString(4), reader.GetInt32(5), reader.GetDouble(6)));
        }

        return Task.FromResult<IReadOnlyList<PlanRun>>(runs);
    }

    public Task<IReadOnlyList<StoredProposal>> ListProposalsAsync(string? status = null, long? planRunId = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null,
            $"SELECT {ProposalColumns} FROM transfer_proposals WHERE ($s IS NULL OR status = $s) AND ($r IS NULL OR plan_run_id = $r) ORDER BY benefit DESC, id LIMIT $l", "$s", "$r", "$l");
        command.Parameters[0].Value = Db(status);
        command.Parameters[1].Value = Db(planRunId);
        command.Parameters[2].Value = limit;
        using var reader = command.ExecuteReader();
        var proposals = new List<StoredProposal>();
        while (reader.Read())
        {
            proposals.Add(ReadProposal(reader));
        }

        return Task.FromResult<IReadOnlyList<StoredProposal>>(proposals);
    }

    public Task<(int Total, IReadOnlyList<StoredProposal> Items)> QueryProposalsAsync(ProposalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        string order = ProposalQuery.SortColumns[query.Sort];
        string where = query.Where(name => "$" + name);
        using var connection = _database.Open();
        void Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("$status", Db(query.Status));
            command.Parameters.AddWithValue("$warehouse", Db(query.Warehouse));
            command.Parameters.AddWithValue("$sku", Db(query.Sku));
            command.Parameters.AddWithValue("$min", Db(query.MinBenefit));
        }

        // One read transaction: the revision, the total, the anchors and the page come from the same snapshot. The
        // page index is reused while the revision (bumped by a trigger on every proposal change, from any process)
        // stands still.
        using var snapshot = connection.BeginTransaction(deferred: true);
        string indexKey = string.Join('\u001f', where, query.Status, query.Warehouse, query.Sku, query.MinBenefit?.ToString("R", CultureInfo.InvariantCulture), query.Sort);
        using var revisionCommand = Command(connection, snapshot, "SELECT revision FROM proposal_revision WHERE id = 1");
        long revision = (long)revisionCommand.ExecuteScalar()!;
        if (!_proposalPages.TryGet(indexKey, revision, out var index))
        {
            using var count = Command(connection, snapshot, $"SELECT COUNT(*) FROM transfer_proposals WHERE {where}");
            Bind(count);
            index = new ProposalPageIndex(Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture));
            _proposalPages.Set(indexKey, revision, index);
        }

        long offset = (long)(query.Page - 1) * query.PageSize;
        if (offset >= index.Total)
        {
            return Task.FromResult<(int, IReadOnlyList<StoredProposal>)>((index.Total, []));
        }

        string keyColumn = query.SortKey.Column ?? "id";
        var anchor = index.Anchor((int)(offset / ProposalPageIndex.Stride), previous =>
        {
            using var step = Command(connection, snapshot, previous is null
                ? $"SELECT {keyColumn}, id FROM transfer_proposals WHERE {where} ORDER BY {order} LIMIT 1"
                : $"SELECT {keyColumn}, id FROM transfer_proposals WHERE {where} AND {query.AtOrAfter("$key", "$id")} ORDER BY {order} LIMIT 1 OFFSET {ProposalPageIndex.Stride}");
            Bind(step);
            step.Parameters.AddWithValue("$key", previous?.Key ?? 0);
            step.Parameters.AddWithValue("$id", previous?.Id ?? 0);
            using var row = step.ExecuteReader();
            return row.Read() ? (row.GetDouble(0), row.GetInt64(1)) : null;
        }) ?? throw new InvalidOperationException($"proposal listing changed under a read snapshot (offset {offset} of {index.Total})");

        // The page's ids first (an index-only seek to the anchor, then fewer than Stride entries), then their rows.
        using var page = Command(connection, snapshot, $"""
            SELECT {ProposalColumns} FROM transfer_proposals
            WHERE id IN (SELECT id FROM transfer_proposals WHERE {where} AND {query.AtOrAfter("$key", "$id")} ORDER BY {order} LIMIT $limit OFFSET $offset)
            ORDER BY {order}
            """);
        Bind(page);
        page.Parameters.AddWithValue("$key", anchor.Key);
        page.Parameters.AddWithValue("$id", anchor.Id);
        page.Parameters.AddWithValue("$limit", query.PageSize);
        page.Parameters.AddWithValue("$offset", offset % ProposalPageIndex.Stride);
        using var reader = page.ExecuteReader();
        var items = new List<StoredProposal>();
        while (reader.Read())
        {
            items.Add(ReadProposal(reader));
        }

        return Task.FromResult<(int, IReadOnlyList<StoredProposal>)>((index.Total, items));
    }

    public Task<StoredProposal?> GetProposalAsync(long id, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return Task.FromResult(FindProposal(connection, transaction, id));
    }

    public Task<DecisionResult> DecideAsync(long proposalId, int expectedVersion, string action, string actor, int? quantity = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var current = FindProposal(connection, transaction, proposalId);
        if (current is null)
        {
            return Task.FromResult(new DecisionResult(DecisionRefusal.NotFound, $"no proposal {proposalId}", null));
        }

        if (current.Version != expectedVersion)
        {
            return Task.FromResult(new DecisionResult(DecisionRefusal.Conflict, $"proposal {proposalId} changed (version {current.Version}, expected {expectedVersion})", current));
        }

        var (status, refusal) = ProposalLifecycle.Apply(current, action, quantity, reason);
        if (refusal is not null)
        {
            return Task.FromResult(new DecisionResult(DecisionRefusal.Invalid, refusal, current));
        }

        if (ProposalLifecycle.NeedsFreshPlan(action) && Staleness(connection, transaction, current.PlanRunId) is { } stale)
        {
            Execute(connection, transaction, "UPDATE transfer_proposals SET status = 'expired', version = version + 1 WHERE id = $r", proposalId);
            Execute(connection, transaction, """
                INSERT INTO proposal_decisions (proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason)
                SELECT id, 'planner', $t, 'expire', quantity, quantity, 'stale: ' || $s FROM transfer_proposals WHERE id = $r
                """, proposalId, Now(), stale);
            var expired = FindProposal(connection, transaction, proposalId);
            transaction.Commit();
            return Task.FromResult(new DecisionResult(DecisionRefusal.Invalid, $"proposal {proposalId} is stale: {stale}; it is now expired, plan again", expired));
        }

        int after = action == "edit" ? quantity!.Value : current.Quantity;
        using (var update = Command(connection, transaction, "UPDATE transfer_proposals SET status = $s, quantity = $q, version = version + 1 WHERE id = $id AND version = $v", "$s", "$q", "$id", "$v"))
        {
            update.Parameters[0].Value = status;
            update.Parameters[1].Value = after;
            update.Parameters[2].Value = proposalId;
            update.Parameters[3].Value = expectedVersion;
            if (update.ExecuteNonQuery() != 1)
            {
                return Task.FromResult(new DecisionResult(DecisionRefusal.Conflict, $"proposal {proposalId} changed meanwhile", FindProposal(connection, transaction, proposalId)));
            }
        }

        using (var audit = Command(connection, transaction, "INSERT INTO proposal_decisions (proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason) VALUES ($p, $a, $t, $x, $b, $q, $r)",
            "$p", "$a", "$t", "$x", "$b", "$q", "$r"))
        {
            audit.Parameters[0].Value = proposalId;
            audit.Parameters[1].Value = actor;
            audit.Parameters[2].Value = Now();
            audit.Parameters[3].Value = action;
            audit.Parameters[4].Value = current.Quantity;
            audit.Parameters[5].Value = after;
            audit.Parameters[6].Value = Db(reason);
            audit.ExecuteNonQuery();
        }

        var updated = FindProposal(connection, transaction, proposalId);
        transaction.Commit();
        return Task.FromResult(new DecisionResult(DecisionRefusal.None, null, updated));
    }

    public Task<IReadOnlyList<ProposalDecision>> ListDecisionsAsync(long proposalId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT proposal_id, actor, decided_at, action, quantity_before, quantity_after, reason FROM proposal_decisions WHERE proposal_id = $p ORDER BY id", "$p");
        command.Parameters[0].Value = proposalId;
        using var reader = command.ExecuteReader();
        var decisions = new List<ProposalDecision>();
        while (reader.Read())
        {
            decisions.Add(new ProposalDecision(reader.GetInt64(0), reader.GetString(1), Instant(reader, 2)!.Value, reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return Task.FromResult<IReadOnlyList<ProposalDecision>>(decisions);
    }

    /// <summary>Why a plan run no longer reflects the store, or null when it still does.</summary>
    private static string? Staleness(SqliteConnection connection, SqliteTransaction transaction, long planRunId)
    {
        using var command = Command(connection, transaction, ProposalSql.Staleness("$p"), "$p");
        command.Parameters[0].Value = planRunId;
        return command.ExecuteScalar() as string;
    }

    private static StoredProposal? FindProposal(SqliteConnection connection, SqliteTransaction transaction, long id)
    {
        using var command = Command(connection, transaction, $"SELECT {ProposalColumns} FROM transfer_proposals WHERE id = $id", "$id");
        command.Parameters[0].Value = id;
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadProposal(reader) : null;
    }

    private static StoredProposal ReadProposal(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), ProposalJson.Read(reader.GetString(2)), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5));

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params object[] values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        var names = new[] { "$r", "$t", "$s" };
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue(names[i], values[i]);
        }

        command.ExecuteNonQuery();
    }
}
