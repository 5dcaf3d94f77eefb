using System.Globalization;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;
using Forecasting.Web.Api.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Forecasting.Web.Api;

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
        var group = app.MapGroup("/api/exports").WithTags("Exports");
        group.MapPost("/", Create).RequirePolicy(Policies.Decide).WithName("CreateExportBatch")
            .WithSummary("Export the approved moves")
            .WithDescription($"A new batch of every approved move not yet exported (optionally only from or to one warehouse, or of one SKU), 201 with its Location. With an {IdempotencyHeader} header, a retry returns the same batch.");
        group.MapGet("/", List).RequirePolicy(Policies.ReadProposals).WithName("ListExportBatches")
            .WithSummary("List export batches")
            .WithDescription("The newest 200 batches, newest first.");
        group.MapGet("/{id:long}", Get).RequirePolicy(Policies.ReadProposals).WithName("GetExportBatch")
            .WithSummary("Download an export batch")
            .WithDescription("The batch's rows, the same every time, as CSV or JSON (format=csv|json, default the batch's own format), with a file name in Content-Disposition.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<ExportBatchView>, ValidationProblem>> Create(ExportRequest? body, HttpContext http, IProposalStore proposals, IExportBatchStore batches, CancellationToken ct)
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
        return TypedResults.Created(Location(batch.Id), View(batch));
    }

    private static async Task<Ok<ExportBatchList>> List(IExportBatchStore batches, CancellationToken ct) =>
        TypedResults.Ok(new ExportBatchList([.. (await batches.ListExportBatchesAsync(200, ct)).Select(View)]));

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(long id, string? format, HttpContext http, IProposalStore proposals, IExportBatchStore batches, CancellationToken ct)
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
        return TypedResults.Text(file.Content, file.ContentType);
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
