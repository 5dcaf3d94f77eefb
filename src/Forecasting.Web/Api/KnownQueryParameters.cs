using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Forecasting.Web.Api;

/// <summary>An endpoint filter that answers 400 naming every query parameter the endpoint does not take, so a filter
/// a client misspells or expects (<c>?color=red</c> on a listing without that filter) is never silently ignored.</summary>
internal static class KnownQueryParameters
{
    /// <summary>Accepts only <paramref name="names"/> (case-insensitive) in the query string.</summary>
    public static RouteHandlerBuilder AcceptsOnlyQuery(this RouteHandlerBuilder endpoint, params string[] names)
    {
        var known = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        return endpoint.AddEndpointFilter(async (context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys.Where(k => !known.Contains(k)).ToList();
            if (unknown.Count == 0)
            {
                return await next(context);
            }

            var errors = unknown.ToDictionary(k => k, _ => new[] { $"unknown parameter; this endpoint takes {string.Join(", ", names)}" });
            return TypedResults.ValidationProblem(errors, detail: $"unknown query parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}");
        }).ProducesValidationProblem();
    }
}
