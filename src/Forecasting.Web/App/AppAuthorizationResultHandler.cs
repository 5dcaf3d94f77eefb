using Forecasting.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Forecasting.Web.App;

/// <summary>
/// The app's answer to a refused request: not signed in, a redirect to the sign-in form (back to the page after);
/// signed in without the role, 403 with a short page saying which role it needs. Requests outside the app get the
/// API's ProblemDetails (<see cref="ProblemAuthorizationResultHandler"/>).
/// </summary>
internal sealed class AppAuthorizationResultHandler(ProblemAuthorizationResultHandler api) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (!policy.AuthenticationSchemes.Contains(AppCookie.Scheme) || authorizeResult.Succeeded)
        {
            await api.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            string back = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect("/app/sign-in?returnUrl=" + Uri.EscapeDataString(back));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        string role = System.Net.WebUtility.HtmlEncode(string.Join(", ", context.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)));
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Not allowed</title><link rel="stylesheet" href="/app/app.css"></head>
            <body><main class="page"><h1>Not allowed</h1><p class="refused">Your role ({role}) may not do this. Ask an admin for a key with the right role.</p>
            <p><a href="/app">Back to the app</a></p></main></body></html>
            """);
    }
}
