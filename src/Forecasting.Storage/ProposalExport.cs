using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage;

/// <summary>One approved move as a warehouse system imports it.</summary>
public sealed record ExportedMove(long ProposalId, string Sku, string FromWarehouse, string ToWarehouse, int Quantity, string ArriveBy);

/// <summary>
/// Export of the approved (and edited) moves, as CSV or JSON, shared by the CLI and the API: the moves are
/// handed to <c>deliver</c> (written to a file, sent in a response) first, then each is marked exported (with its
/// version, so a move decided meanwhile is not marked); a delivery that fails marks nothing.
/// </summary>
public static class ProposalExport
{
    public static async Task<IReadOnlyList<ExportedMove>> ExportAsync(IProposalStore store, string format, string actor, Func<string, Task> deliver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        ArgumentNullException.ThrowIfNull(store);
        if (format is not ("csv" or "json"))
        {
            throw new ArgumentException($"format must be csv or json (was '{format}').");
        }

        var approved = (await store.ListProposalsAsync(ProposalStatus.Approved, null, int.MaxValue, cancellationToken))
            .Concat(await store.ListProposalsAsync(ProposalStatus.Edited, null, int.MaxValue, cancellationToken)).OrderBy(p => p.Id).ToList();
        var moves = approved.Select(p => new ExportedMove(p.Id, p.Proposal.Sku, p.Proposal.From, p.Proposal.To, p.Quantity, p.Proposal.ArriveBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
        await deliver(format == "json" ? Json(moves) : Csv(moves));
        var exported = new List<ExportedMove>();
        foreach (var (proposal, move) in approved.Zip(moves))
        {
            if ((await store.DecideAsync(proposal.Id, proposal.Version, "export", actor, null, null, cancellationToken)).Applied)
            {
                exported.Add(move);
            }
        }

        return exported;
    }

    public static string Csv(IEnumerable<ExportedMove> moves)
    {
        var text = new StringBuilder("proposal_id,sku,from_warehouse,to_warehouse,quantity,arrive_by\n");
        foreach (var m in moves)
        {
            text.Append(CultureInfo.InvariantCulture, $"{m.ProposalId},{Field(m.Sku)},{Field(m.FromWarehouse)},{Field(m.ToWarehouse)},{m.Quantity},{m.ArriveBy}\n");
        }

        return text.ToString();

        static string Field(string value) => value.AsSpan().IndexOfAny(",\"\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Json(IEnumerable<ExportedMove> moves) =>
        JsonSerializer.Serialize(new { moves }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true });
}
