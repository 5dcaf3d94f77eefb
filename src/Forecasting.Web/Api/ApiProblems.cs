using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecasting.Web.Api;

/// <summary>ProblemDetails the endpoints answer with, each with a <c>detail</c> that says what was wrong.</summary>
internal static class ApiProblems
{
    /// <summary>400 with the field errors and a detail naming every field.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "invalid " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

    public static ValidationProblem Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>The person acting: an API key's owner (or its name), a JWT's <c>sub</c>.</summary>
    public static string Actor(HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name ? name : http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
}
