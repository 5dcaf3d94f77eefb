using System.Data.Common;
using System.Globalization;
using Dapper;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

// Plan runs, proposals, decisions, export batches and keys come from SqlStore (queries shared with PostgreSQL); what
// pays to keep dialect-specific is here: one prepared insert per plan and the seek-based pager with its page index.
public sealed partial class SqliteStore
{
    public override Task<(int Total, IReadOnlyList<StoredProposal> Items)> QueryProposalsAsync(ProposalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        string order = ProposalQuery.SortColumns[query.Sort];
        string where = query.Where(name => "@" + name);
        using var connection = _database.Open();
        void Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("@status", Db(query.StatusName));
            command.Parameters.AddWithValue("@warehouse", Db(query.Warehouse));
            command.Parameters.AddWithValue("@sku", Db(query.Sku));
            command.Parameters.AddWithValue("@min", Db(query.MinBenefit));
            command.Parameters.AddWithValue("@region", Db(query.Region));
            command.Parameters.AddWithValue("@category", Db(query.Category));
            command.Parameters.AddWithValue("@abc", Db(query.AbcName));
        }

        // One read transaction: the revision, the total, the anchors and the page come from the same snapshot. The
        // page index is reused while the revision (bumped by a trigger on every proposal change, from any process)
        // stands still.
        using var snapshot = connection.BeginTransaction(deferred: true);
        string indexKey = string.Join('\u001f', where, query.StatusName, query.Warehouse, query.Sku, query.MinBenefit?.ToString("R", CultureInfo.InvariantCulture), query.Region, query.Category, query.AbcName, query.Sort);
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
                : $"SELECT {keyColumn}, id FROM transfer_proposals WHERE {where} AND {query.AtOrAfter("@key", "@id")} ORDER BY {order} LIMIT 1 OFFSET {ProposalPageIndex.Stride}");
            Bind(step);
            step.Parameters.AddWithValue("@key", previous?.Key ?? 0);
            step.Parameters.AddWithValue("@id", previous?.Id ?? 0);
            using var row = step.ExecuteReader();
            return row.Read() ? (row.GetDouble(0), row.GetInt64(1)) : null;
        }) ?? throw new InvalidOperationException($"proposal listing changed under a read snapshot (offset {offset} of {index.Total})");

        // The page's ids first (an index-only seek to the anchor, then fewer than Stride entries), then their rows.
        var rows = connection.Query<ProposalRow>($"""
            SELECT {ProposalRow.Columns} FROM transfer_proposals
            WHERE id IN (SELECT id FROM transfer_proposals WHERE {where} AND {query.AtOrAfter("@key", "@id")} ORDER BY {order} LIMIT @limit OFFSET @offset)
            ORDER BY {order}
            """, new { status = query.StatusName, warehouse = query.Warehouse, sku = query.Sku, min = query.MinBenefit, region = query.Region, category = query.Category, abc = query.AbcName, key = anchor.Key, id = anchor.Id, limit = query.PageSize, offset = offset % ProposalPageIndex.Stride }, snapshot);
        return Task.FromResult<(int, IReadOnlyList<StoredProposal>)>((index.Total, [.. rows.Select(r => r.ToRecord())]));
    }

    /// <summary>One prepared insert reused for every proposal of the plan.</summary>
    private static Task InsertProposals(DbConnection connection, DbTransaction transaction, long planRunId, IReadOnlyList<TransferProposal> proposals, object createdAt, CancellationToken cancellationToken)
    {
        using var insert = Command((SqliteConnection)connection, (SqliteTransaction)transaction, """
            INSERT INTO transfer_proposals (plan_run_id, sku, from_warehouse, to_warehouse, quantity, arrive_by_day, status, version, details, created_at, benefit, abc_class)
            VALUES ($r, $s, $f, $t, $q, $a, $status, 1, $d, $c, $b, $abc)
            """, "$r", "$s", "$f", "$t", "$q", "$a", "$status", "$d", "$c", "$b", "$abc");
        insert.Parameters[0].Value = planRunId;
        insert.Parameters[6].Value = ProposalWire.Name(ProposalStatus.Proposed);
        insert.Parameters[8].Value = createdAt;
        foreach (var p in proposals)
        {
            insert.Parameters[1].Value = p.Sku;
            insert.Parameters[2].Value = p.From;
            insert.Parameters[3].Value = p.To;
            insert.Parameters[4].Value = p.Quantity;
            insert.Parameters[5].Value = p.ArriveBy.DayNumber;
            insert.Parameters[7].Value = ProposalJson.Write(p);
            insert.Parameters[9].Value = p.Benefit;
            insert.Parameters[10].Value = p.AbcClass is { } abc ? abc.ToString() : DBNull.Value;
            insert.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }
}
