using System.Data.Common;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Npgsql;

namespace Forecasting.Storage.Postgres;

// Plan runs, proposals, decisions, export batches and keys come from SqlStore (queries shared with SQLite); what pays
// to keep dialect-specific is here: a plan's proposals sent as arrays through unnest (one statement, not one per proposal).
public sealed partial class PostgresStore
{
    private static async Task InsertProposals(DbConnection connection, DbTransaction transaction, long planRunId, IReadOnlyList<TransferProposal> proposals, object createdAt, CancellationToken cancellationToken) =>
        await ExecuteAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, """
            INSERT INTO transfer_proposals (plan_run_id, sku, from_warehouse, to_warehouse, quantity, arrive_by_day, status, version, details, created_at, benefit, abc_class)
            SELECT $1, s, f, t, q, a, $3, 1, d, $2, b, c
            FROM unnest($4::text[], $5::text[], $6::text[], $7::integer[], $8::integer[], $9::text[], $10::double precision[], $11::text[]) AS x(s, f, t, q, a, d, b, c)
            """, cancellationToken, planRunId, createdAt, ProposalWire.Name(ProposalStatus.Proposed),
            proposals.Select(p => p.Sku).ToArray(), proposals.Select(p => p.From).ToArray(), proposals.Select(p => p.To).ToArray(), proposals.Select(p => p.Quantity).ToArray(),
            proposals.Select(p => p.ArriveBy.DayNumber).ToArray(), proposals.Select(ProposalJson.Write).ToArray(), proposals.Select(p => p.Benefit).ToArray(),
            proposals.Select(p => p.AbcClass?.ToString()).ToArray());
}
