using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Api.Contracts;

/// <summary>A request for a new export batch: its format (csv or json, default csv) and an optional filter.</summary>
public sealed record ExportRequest(string? Format, ExportFilterRequest? Filter);

/// <summary>Only the moves from or to <c>warehouse</c>, and only of <c>sku</c>, when given.</summary>
public sealed record ExportFilterRequest(string? Warehouse, string? Sku);

/// <summary>An export batch as the API lists it.</summary>
public sealed record ExportBatchView(long Id, DateTimeOffset CreatedAt, string Actor, string Format, ExportFilter Filter, int Moves, string Location);

/// <summary>The newest export batches, newest first.</summary>
public sealed record ExportBatchList(IReadOnlyList<ExportBatchView> Batches);
