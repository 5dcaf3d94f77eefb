using System.Globalization;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Forecasting.Web.Api;

/// <summary>A request for a new export batch: its format (csv or json, default csv) and an optional filter.</summary>
public sealed record ExportRequest(string? Format, ExportFilterRequest? Filter);

/// <summary>Only the moves from or to <c>warehouse</c>, and only of <c>sku</c>, when given.</summary>
public sealed record ExportFilterRequest(string? Warehouse, string? Sku);

/// <summary>An export batch as the API lists it.</summary>
public sealed record ExportBatchView(long Id, DateTimeOffset CreatedAt, string Actor, string Format, ExportFilter Filter, int Moves, string Location);

/// <summary>
/// Export batches: <c>POST /api/exports</c> creates a batch of every approved move not yet exported (201 with
/// <c>Location: /api/exports/{id}</c>; with an <c>Idempotency-Key</c> header a retry returns the same batch);
/// <c>GET /api/exports/{id}</c> returns its rows, the same every time, as CSV or JSON (<c>?format=</c>) with a file
/// name; <c>GET /api/exports</c> lists batches, newest first.
/// </summary>
public static class ExportApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public const int MaxIdempotencyKeyLength = 200;

    public static RouteGroupBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/exports");
        group.MapPost("/", Create).RequireAuthorization(Policies.Decide);
        group.MapGet("/", List).RequireAuthorization(Policies.ReadProposals);
        group.MapGet("/{id:long}", Get).RequireAuthorization(Policies.ReadProposals);
        return group;
    }

    private static async Task<IResult> Create(ExportRequest? body, HttpContext http, IProposalStore proposals, IExportBatchStore batches, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var format = ParseFormat(body?.Format, errors);
        string? key = http.Request.Headers[IdempotencyHeader].FirstOrDefault();
        if (key is not null && (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(char.IsControl)))
        {
            errors[IdempotencyHeader] = [$"1 to {MaxIdempotencyKeyLength} printable characters"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var filter = new ExportFilter(Blank(body?.Filter?.Warehouse), Blank(body?.Filter?.Sku));
        var (batch, _) = await new ExportBatches(proposals, batches).CreateAsync(format ?? ExportFormat.Csv, filter, ApiProblems.Actor(http), key, ct);
        return Results.Created(Location(batch.Id), View(batch));
    }

    private static async Task<IResult> List(IExportBatchStore batches, CancellationToken ct) =>
        Results.Ok(new { batches = (await batches.ListExportBatchesAsync(200, ct)).Select(View) });

    private static async Task<IResult> Get(long id, string? format, HttpContext http, IProposalStore proposals, IExportBatchStore batches, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var kind = ParseFormat(format, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (await new ExportBatches(proposals, batches).RenderAsync(id, kind, ct) is not { } file)
        {
            return ApiProblems.NotFound($"no export batch {id}");
        }

        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = file.FileName }.ToString();
        return Results.Text(file.Content, file.ContentType);
    }

    private static ExportFormat? ParseFormat(string? format, Dictionary<string, string[]> errors)
    {
        if (format is null)
        {
            return null;
        }

        if (ProposalWire.TryParse(format, out ExportFormat parsed))
        {
            return parsed;
        }

        errors["format"] = [$"csv or json (was '{format}')"];
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Location(long id) => "/api/exports/" + id.ToString(CultureInfo.InvariantCulture);

    private static ExportBatchView View(ExportBatch b) => new(b.Id, b.CreatedAt, b.Actor, ProposalWire.Name(b.Format), b.Filter, b.Moves, Location(b.Id));
}
