using System.Globalization;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Forecasting.Web.App;

/// <summary>
/// The app's form posts (each with its anti-forgery token, checked by the framework; each under its policy, so a role
/// without the right gets 403 however the request is sent), its downloads and its stylesheet. Each post answers with
/// a 303 redirect to the page that shows the outcome (post/redirect/get: a refresh never repeats a decision).
/// </summary>
internal static class AppEndpoints
{
    public static void MapAppEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/app").ExcludeFromDescription();
        group.MapGet("/app.css", () => Results.Text(Stylesheet.Value, "text/css"));
        group.MapPost("/sign-in", SignInAsync);
        group.MapPost("/sign-out", async (HttpContext http, IFormCollection form) =>
        {
            await http.SignOutAsync(AppCookie.Scheme);
            return See("/app/sign-in");
        });
        group.MapPost("/proposals/{id:long}/decide", DecideAsync).RequireAuthorization(AppPolicies.Decide);
        group.MapPost("/proposals/bulk-approve", BulkApproveAsync).RequireAuthorization(AppPolicies.Decide);
        group.MapPost("/exports", ExportAsync).RequireAuthorization(AppPolicies.Decide);
        group.MapGet("/exports/{id:long}/download", DownloadAsync).RequireAuthorization(AppPolicies.ReadProposals);
        group.MapPost("/ops/alerts/{id:long}/acknowledge", AcknowledgeAsync).RequireAuthorization(AppPolicies.Operate);
    }

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(AppEndpoints).Assembly.GetManifestResourceStream("Forecasting.Web.App.app.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static async Task<IResult> SignInAsync(HttpContext http, IFormCollection form, IAccessStore store, TimeProvider clock, CancellationToken ct)
    {
        string key = form["key"].ToString();
        string back = LocalOr(form["returnUrl"].ToString(), "/app");
        var record = string.IsNullOrWhiteSpace(key) ? null : await AppCookie.FindAsync(store, key, ct);
        if (record is null)
        {
            return See("/app/sign-in?failed=1&returnUrl=" + Uri.EscapeDataString(back));
        }

        await http.SignInAsync(AppCookie.Scheme, AppCookie.Principal(record, clock.GetUtcNow()));
        return See(back);
    }

    /// <summary>Ops acknowledge an alert (someone is on it); the alert stays open until its condition clears.</summary>
    private static async Task<IResult> AcknowledgeAsync(long id, HttpContext http, IFormCollection form, IAccuracyStore store, CancellationToken ct)
    {
        bool done = await store.AcknowledgeAlertAsync(id, Actor(http), ct);
        string back = LocalOr(form["returnUrl"].ToString(), "/app/ops/alerts");
        string separator = back.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return See($"{back}{separator}{(done ? "acknowledged" : "notAcknowledged")}={id.ToString(CultureInfo.InvariantCulture)}");
    }

    private static async Task<IResult> DecideAsync(long id, HttpContext http, IFormCollection form, IProposalStore store, CancellationToken ct)
    {
        if (!Enum.TryParse(form["action"].ToString(), ignoreCase: true, out DecisionAction action) || action is not (DecisionAction.Approve or DecisionAction.Edit or DecisionAction.Reject))
        {
            return Results.BadRequest("action must be approve, edit or reject");
        }

        if (!int.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out int version))
        {
            return Results.BadRequest("version is required");
        }

        int? quantity = int.TryParse(form["quantity"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int q) ? q : null;
        string? reason = form["reason"].ToString() is { Length: > 0 } r ? r : null;
        var result = await new ProposalDecisions(store).DecideAsync(id, version, action, Actor(http), quantity, reason, ct);
        string page = "/app/proposals/" + id.ToString(CultureInfo.InvariantCulture);
        return result.Refusal switch
        {
            DecisionRefusal.None => See($"{page}?done={ProposalWire.Name(action)}"),
            DecisionRefusal.NotFound => Results.NotFound(result.Reason),
            DecisionRefusal.Conflict => See($"{page}?conflict={version}"),
            _ => See($"{page}?refused={Uri.EscapeDataString(result.Reason ?? "refused")}"),
        };
    }

    /// <summary>Approves the proposals the planner saw (each id with the version shown): a proposal someone changed
    /// meanwhile is left as it is and counted as a conflict.</summary>
    private static async Task<IResult> BulkApproveAsync(HttpContext http, IFormCollection form, IProposalStore store, CancellationToken ct)
    {
        var decisions = new ProposalDecisions(store);
        int approved = 0, refused = 0;
        foreach (string? item in form["item"])
        {
            var parts = (item ?? "").Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out long id) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int version))
            {
                return Results.BadRequest($"item '{item}' is not id:version");
            }

            var result = await decisions.DecideAsync(id, version, DecisionAction.Approve, Actor(http), null, null, ct);
            _ = result.Applied ? approved++ : refused++;
        }

        string back = LocalOr(form["back"].ToString(), "/app/proposals");
        string separator = back.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return See(string.Create(CultureInfo.InvariantCulture, $"{back}{separator}approved={approved}&notApproved={refused}"));
    }

    private static async Task<IResult> ExportAsync(HttpContext http, IFormCollection form, IProposalStore proposals, IExportBatchStore batches, CancellationToken ct)
    {
        var format = string.Equals(form["format"], "json", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Json : ExportFormat.Csv;
        var filter = new ExportFilter(Blank(form["warehouse"]), Blank(form["sku"]));
        // The form's own token makes a double submit return the first batch instead of an empty second one.
        string? idempotency = Blank(form["submission"]);
        var (batch, _) = await new ExportBatches(proposals, batches).CreateAsync(format, filter, Actor(http), idempotency, ct);
        return See("/app/exports?created=" + batch.Id.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<IResult> DownloadAsync(long id, string? format, HttpContext http, IProposalStore proposals, IExportBatchStore batches, CancellationToken ct)
    {
        ExportFormat? kind = format is null ? null : string.Equals(format, "json", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Json : ExportFormat.Csv;
        if (await new ExportBatches(proposals, batches).RenderAsync(id, kind, ct) is not { } file)
        {
            return Results.NotFound($"no export batch {id}");
        }

        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = file.FileName }.ToString();
        return Results.Text(file.Content, file.ContentType);
    }

    internal static string Actor(HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name ? name : "unknown";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Only a path of this site (never another origin) is followed after a post.</summary>
    private static string LocalOr(string? url, string fallback) =>
        url is { Length: > 1 } u && u.StartsWith("/app", StringComparison.Ordinal) && !u.StartsWith("//", StringComparison.Ordinal) && !u.Contains('\\', StringComparison.Ordinal) ? u : fallback;

    private static IResult See(string location) => new SeeOther(location);

    /// <summary>303: the browser follows with a GET.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
