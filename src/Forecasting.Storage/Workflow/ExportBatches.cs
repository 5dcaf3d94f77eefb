using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;

namespace Forecasting.Storage.Workflow;

/// <summary>A batch rendered for delivery: its content, media type and a file name.</summary>
public sealed record ExportFile(string Content, string ContentType, string FileName);

/// <summary>
/// Export batches, shared by the CLI and the API. Creating one takes every approved or edited move not yet exported
/// (within the filter), exports each through its aggregate and stores the batch with its rows frozen, in one
/// transaction: a lost response loses nothing (the batch can be read again, as often as needed, with the same rows),
/// and a retry with the same idempotency key returns the same batch instead of an empty one.
/// </summary>
public sealed class ExportBatches(IProposalStore proposals, IExportBatchStore batches)
{
    /// <returns>The batch and whether this call created it (false: the idempotency key named an existing one).</returns>
    public async Task<(ExportBatch Batch, bool Created)> CreateAsync(ExportFormat format, ExportFilter filter, string actor, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (idempotencyKey is not null && await batches.FindExportBatchAsync(idempotencyKey, cancellationToken) is { } earlier)
        {
            return (earlier, false);
        }

        var moves = new List<(Proposal, DecisionOutcome)>();
        foreach (var status in Enum.GetValues<ProposalStatus>().Where(ProposalStateMachine.IsAgreed))
        {
            foreach (var stored in await proposals.ListProposalsAsync(status, null, int.MaxValue, cancellationToken))
            {
                var move = stored.Proposal;
                if ((filter.Warehouse is null || move.From == filter.Warehouse || move.To == filter.Warehouse) && (filter.Sku is null || move.Sku == filter.Sku))
                {
                    var proposal = stored.ToAggregate();
                    var outcome = proposal.Export();
                    if (outcome.Succeeded)
                    {
                        moves.Add((proposal, outcome));
                    }
                }
            }
        }

        moves.Sort((a, b) => a.Item1.Id.CompareTo(b.Item1.Id));
        try
        {
            return (await batches.CreateExportBatchAsync(new ExportBatchDraft(actor, format, filter, idempotencyKey, moves), cancellationToken), true);
        }
        catch (Exception) when (idempotencyKey is not null)
        {
            // The same key raced in from another request and won the unique index: that batch is the answer.
            if (await batches.FindExportBatchAsync(idempotencyKey, cancellationToken) is { } concurrent)
            {
                return (concurrent, false);
            }

            throw;
        }
    }

    /// <summary>The batch's rows in <paramref name="format"/> (default: the format it was created with); null when there is no such batch.</summary>
    public async Task<ExportFile?> RenderAsync(long id, ExportFormat? format = null, CancellationToken cancellationToken = default)
    {
        if (await batches.GetExportBatchAsync(id, cancellationToken) is not { } batch)
        {
            return null;
        }

        var moves = await batches.ReadExportBatchAsync(id, cancellationToken);
        var kind = format ?? batch.Format;
        string name = string.Create(CultureInfo.InvariantCulture, $"moves-batch-{batch.Id}.{ProposalWire.Name(kind)}");
        return kind == ExportFormat.Json ? new ExportFile(Json(batch, moves), "application/json", name) : new ExportFile(Csv(moves), "text/csv", name);
    }

    public static string Csv(IEnumerable<ExportedMove> moves)
    {
        var text = new StringBuilder("proposal_id,sku,from_warehouse,to_warehouse,quantity,arrive_by\n");
        foreach (var m in moves)
        {
            text.Append(CultureInfo.InvariantCulture, $"{m.ProposalId},{CsvField.Quote(m.Sku)},{CsvField.Quote(m.FromWarehouse)},{CsvField.Quote(m.ToWarehouse)},{m.Quantity},{m.ArriveBy:yyyy-MM-dd}\n");
        }

        return text.ToString();

    }

    public static string Json(ExportBatch batch, IEnumerable<ExportedMove> moves)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return JsonSerializer.Serialize(new { batch = batch.Id, createdAt = batch.CreatedAt, moves }, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
}
