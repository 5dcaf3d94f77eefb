using System.Text;
using System.Text.Json;
using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;
using Forecasting.Web.Api.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>
/// Ingest over HTTP: <c>POST /api/ingest/{demand|orders|catalog|inventory}</c> with a CSV body (text/csv) or a JSON
/// array of objects whose keys are the canonical column names (application/json). Both go through the same
/// <see cref="IngestService"/> as the CLI (same validation, <see cref="IngestRules"/>, rejects and idempotency); the
/// response carries the counts and the first rejects. A body that cannot be loaded at all is a 400 naming the problem;
/// a load in which every row was rejected is a 422 ProblemDetails carrying the same counts and rejects.
/// Query: <c>autoRegister=true</c>, <c>excludeSku=REGEX</c> (whole SKU codes to drop, counted as excluded).
/// </summary>
public static class IngestApi
{
    private static readonly Dictionary<string, IngestKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["demand"] = IngestKind.Demand,
        ["orders"] = IngestKind.OrderLines,
        ["catalog"] = IngestKind.Catalog,
        ["inventory"] = IngestKind.Inventory,
    };

    public static RouteGroupBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ingest").WithTags("Ingest").RequirePolicy(Policies.Operate);
        group.MapPost("/{kind}", Ingest).WithName("Ingest")
            .WithSummary("Load a file of demand, order lines, catalog or inventory")
            .WithDescription($"kind is one of {string.Join(", ", Kinds.Keys)}. The body is CSV (text/csv) or a JSON array of objects keyed by the column names (application/json), at most {ForecastingApi.MaxRequestBytes / (1024 * 1024)} MB; the same validation, rules, rejects and idempotency as the CLI. autoRegister=true registers unknown SKUs; excludeSku=REGEX drops whole SKU codes (counted as excluded). 422 with the same counts when every row was rejected.")
            .Accepts<string>("text/csv", "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> Ingest(string kind, HttpRequest request, IIngestStore store, [FromServices] IngestRules rules, [FromServices] TimeProvider clock, bool? autoRegister, string? excludeSku, CancellationToken ct)
    {
        if (!Kinds.TryGetValue(kind, out var ingestKind))
        {
            return ApiProblems.NotFound($"no ingest kind '{kind}' (kinds: {string.Join(", ", Kinds.Keys)})");
        }

        try
        {
            _ = SkuExclusion.Create(excludeSku);
        }
        catch (ArgumentException error)
        {
            return ApiProblems.Validation("excludeSku", error.Message);
        }

        string source = $"api:{kind}:{clock.GetUtcNow():yyyyMMddTHHmmssfff}";
        Stream body;
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                body = new MemoryStream(Encoding.UTF8.GetBytes(await JsonArrayToCsvAsync(request.Body, ct)));
            }
            catch (JsonException error)
            {
                return ApiProblems.Validation("body", $"not a JSON array of objects: {error.Message}");
            }
        }
        else
        {
            var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            body = buffer;
        }

        try
        {
            var options = new IngestOptions { AutoRegister = autoRegister ?? false, ExcludeSku = excludeSku };
            var report = await new IngestService(store, clock, rules).IngestAsync(ingestKind, body, source, options, null, ct);
            var c = report.Counts;
            if (c.AllRejected)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Every row was rejected",
                    detail: $"all {c.Rejected:N0} rows of {source} were rejected{(c.Excluded > 0 ? $" ({c.Excluded:N0} more excluded)" : "")}: nothing was loaded; firstRejects says why",
                    extensions: new Dictionary<string, object?>
                    {
                        ["source"] = source, ["status"] = report.Status, ["allRejected"] = true,
                        ["rowsRead"] = c.RowsRead, ["accepted"] = c.Accepted, ["rejected"] = c.Rejected, ["duplicates"] = c.Duplicates, ["excluded"] = c.Excluded,
                        ["firstRejects"] = report.FirstRejects,
                    });
            }

            return TypedResults.Ok(new IngestResult(source, report.Status, false, c.RowsRead, c.Accepted, c.Rejected, c.Duplicates, c.Excluded, report.FirstRejects));
        }
        catch (IngestFormatException error)
        {
            return ApiProblems.Validation("body", error.Message);
        }
    }

    /// <summary>A JSON array of flat objects as CSV: the header is the union of the keys in order of appearance.</summary>
    internal static async Task<string> JsonArrayToCsvAsync(Stream json, CancellationToken ct)
    {
        using var document = await JsonDocument.ParseAsync(json, cancellationToken: ct);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the body is not an array");
        }

        var columns = new List<string>();
        foreach (var row in document.RootElement.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("an element of the array is not an object");
            }

            foreach (var property in row.EnumerateObject().Where(p => !columns.Contains(p.Name)))
            {
                columns.Add(property.Name);
            }
        }

        var csv = new StringBuilder(string.Join(',', columns.Select(Forecasting.Storage.Files.CsvField.Quote))).Append('\n');
        foreach (var row in document.RootElement.EnumerateArray())
        {
            csv.Append(string.Join(',', columns.Select(c => row.TryGetProperty(c, out var value) ? Forecasting.Storage.Files.CsvField.Quote(Text(value)) : ""))).Append('\n');
        }

        return csv.ToString();

        static string Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => "",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };

    }
}
