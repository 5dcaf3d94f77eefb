using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Forecasting.Web.Api;

/// <summary>
/// 401 and 403 as ProblemDetails whose <c>detail</c> says what was missing: no credentials (and how to send them), a
/// key or token that was refused, or which roles the endpoint needs and which the caller has. The schemes' own
/// challenge still runs first (a bearer challenge keeps its <c>WWW-Authenticate</c> header).
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Challenged)
        {
            foreach (string scheme in policy.AuthenticationSchemes)
            {
                await context.ChallengeAsync(scheme);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Not authenticated", Unauthenticated(context.Request));
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var needed = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList() ?? [];
            var held = context.User.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct().ToList();
            string detail = needed.Count == 0
                ? "this endpoint's policy refused the request"
                : $"this endpoint needs the role {string.Join(" or ", needed)}; your credentials have {(held.Count == 0 ? "no role" : "the role " + string.Join(", ", held))}";
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", detail);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static string Unauthenticated(HttpRequest request)
    {
        if (request.Headers.ContainsKey(ApiKeyAuthentication.Header) || request.Headers.Authorization.ToString().StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            return "the API key is unknown or revoked";
        }

        if (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "the bearer token was refused (invalid, expired, or for another audience)";
        }

        return $"no credentials: send an API key in the {ApiKeyAuthentication.Header} header (or Authorization: ApiKey <key>), or a bearer token when JWT is configured";
    }

    private async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (!context.Response.HasStarted)
        {
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail } });
        }
    }
}
