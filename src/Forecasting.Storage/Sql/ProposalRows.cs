using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

// Rows as both stores return them (Dapper fills them; SQLite's integers arrive as Int64 and are converted), each with
// the one mapper to its record. Column lists alias the snake_case columns to these names.

internal sealed class ProposalRow
{
    public const string Columns = "id AS Id, plan_run_id AS PlanRunId, details AS Details, status AS Status, version AS Version, quantity AS Quantity, edited_details AS EditedDetails";

    public long Id { get; set; }

    public long PlanRunId { get; set; }

    public string Details { get; set; } = "";

    public string Status { get; set; } = "";

    public int Version { get; set; }

    public int Quantity { get; set; }

    public string? EditedDetails { get; set; }

    public StoredProposal ToRecord() => new(Id, PlanRunId, ProposalJson.Read(Details), ProposalWire.Parse<ProposalStatus>(Status), Version, Quantity,
        EditedDetails is null ? null : ProposalJson.Read(EditedDetails));
}

internal sealed class PlanRunRow
{
    public const string Columns = "id AS Id, forecast_run_id AS ForecastRunId, plan_day AS PlanDay, created_at AS CreatedAt, status AS Status, proposals AS Proposals, total_benefit AS TotalBenefit";

    public long Id { get; set; }

    public long ForecastRunId { get; set; }

    public int PlanDay { get; set; }

    public object CreatedAt { get; set; } = "";

    public string Status { get; set; } = "";

    public int Proposals { get; set; }

    public double TotalBenefit { get; set; }

    public PlanRun ToRecord() => new(Id, ForecastRunId, DateOnly.FromDayNumber(PlanDay), SqlSession.ReadInstant(CreatedAt), ProposalWire.Parse<PlanRunStatus>(Status), Proposals, TotalBenefit);
}

internal sealed class DecisionRow
{
    public const string Columns = "proposal_id AS ProposalId, actor AS Actor, decided_at AS DecidedAt, action AS Action, quantity_before AS QuantityBefore, quantity_after AS QuantityAfter, reason AS Reason";

    public long ProposalId { get; set; }

    public string Actor { get; set; } = "";

    public object DecidedAt { get; set; } = "";

    public string Action { get; set; } = "";

    public int? QuantityBefore { get; set; }

    public int? QuantityAfter { get; set; }

    public string? Reason { get; set; }

    public ProposalDecision ToRecord() => new(ProposalId, Actor, SqlSession.ReadInstant(DecidedAt), ProposalWire.Parse<DecisionAction>(Action), QuantityBefore, QuantityAfter, Reason);
}

internal sealed class ExportBatchRow
{
    public const string Columns = "id AS Id, created_at AS CreatedAt, actor AS Actor, format AS Format, filter_warehouse AS FilterWarehouse, filter_sku AS FilterSku, idempotency_key AS IdempotencyKey, moves AS Moves";

    public long Id { get; set; }

    public object CreatedAt { get; set; } = "";

    public string Actor { get; set; } = "";

    public string Format { get; set; } = "";

    public string? FilterWarehouse { get; set; }

    public string? FilterSku { get; set; }

    public string? IdempotencyKey { get; set; }

    public int Moves { get; set; }

    public ExportBatch ToRecord() => new(Id, SqlSession.ReadInstant(CreatedAt), Actor, ProposalWire.Parse<ExportFormat>(Format), new ExportFilter(FilterWarehouse, FilterSku), IdempotencyKey, Moves);
}

internal sealed class ExportedMoveRow
{
    public const string Columns = "proposal_id AS ProposalId, sku AS Sku, from_warehouse AS FromWarehouse, to_warehouse AS ToWarehouse, quantity AS Quantity, arrive_by_day AS ArriveByDay";

    public long ProposalId { get; set; }

    public string Sku { get; set; } = "";

    public string FromWarehouse { get; set; } = "";

    public string ToWarehouse { get; set; } = "";

    public int Quantity { get; set; }

    public int ArriveByDay { get; set; }

    public ExportedMove ToRecord() => new(ProposalId, Sku, FromWarehouse, ToWarehouse, Quantity, DateOnly.FromDayNumber(ArriveByDay));
}

internal sealed class ApiKeyRow
{
    public const string Columns = "id AS Id, name AS Name, role AS Role, prefix AS Prefix, created_at AS CreatedAt, created_by AS CreatedBy, revoked_at AS RevokedAt, owner AS Owner";

    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    public string Prefix { get; set; } = "";

    public object CreatedAt { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public object? RevokedAt { get; set; }

    public string? Owner { get; set; }

    public ApiKeyRecord ToRecord() => new(Id, Name, Role, Prefix, SqlSession.ReadInstant(CreatedAt), CreatedBy, SqlSession.ReadInstantOrNull(RevokedAt), Owner);
}

internal sealed class AuditRow
{
    public const string Columns = "id AS Id, at AS At, actor AS Actor, action AS Action, subject AS Subject, before AS Before, after AS After";

    public long Id { get; set; }

    public object At { get; set; } = "";

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string Subject { get; set; } = "";

    public string? Before { get; set; }

    public string? After { get; set; }

    public AuditEntry ToRecord() => new(Id, SqlSession.ReadInstant(At), Actor, Action, Subject, Before, After);
}
