using Forecasting.Core.Planning;

namespace Forecasting.Storage.Abstractions;

/// <summary>Formats an export batch is delivered in.</summary>
public enum ExportFormat
{
    Csv,
    Json,
}

/// <summary>Which agreed moves a batch takes (all of them when both are null): a warehouse (source or destination) and a SKU.</summary>
public sealed record ExportFilter(string? Warehouse = null, string? Sku = null);

/// <summary>One move as the warehouse system imports it, frozen in its batch.</summary>
public sealed record ExportedMove(long ProposalId, string Sku, string FromWarehouse, string ToWarehouse, int Quantity, DateOnly ArriveBy);

/// <summary>An export batch: when, by whom, in which format, with which filter, and how many moves it holds.</summary>
/// <param name="IdempotencyKey">The client's key: a retried creation with it returns this batch.</param>
public sealed record ExportBatch(long Id, DateTimeOffset CreatedAt, string Actor, ExportFormat Format, ExportFilter Filter, string? IdempotencyKey, int Moves);

/// <summary>What a new batch is made of: its header and the proposals it exports, each already decided (exported)
/// by its aggregate.</summary>
public sealed record ExportBatchDraft(string Actor, ExportFormat Format, ExportFilter Filter, string? IdempotencyKey, IReadOnlyList<(Proposal Proposal, DecisionOutcome Outcome)> Moves);

/// <summary>Export batches: persistence only (<see cref="Workflow.ExportBatches"/> decides what goes in).</summary>
public interface IExportBatchStore
{
    /// <summary>
    /// Stores the batch and, in the same transaction, each move whose proposal is still at the version it was
    /// decided on (saved as exported, the decision appended); a move changed meanwhile is left out. When a batch with
    /// the draft's idempotency key exists, nothing is written and that batch is returned.
    /// </summary>
    Task<ExportBatch> CreateExportBatchAsync(ExportBatchDraft draft, CancellationToken cancellationToken = default);

    Task<ExportBatch?> GetExportBatchAsync(long id, CancellationToken cancellationToken = default);

    Task<ExportBatch?> FindExportBatchAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>The batch's moves, by proposal id: the same rows every time.</summary>
    Task<IReadOnlyList<ExportedMove>> ReadExportBatchAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Batches, newest first.</summary>
    Task<IReadOnlyList<ExportBatch>> ListExportBatchesAsync(int limit = 200, CancellationToken cancellationToken = default);
}
