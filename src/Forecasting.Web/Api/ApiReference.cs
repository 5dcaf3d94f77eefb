using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Forecasting.Web.Api;

/// <summary>
/// The interactive API reference (Scalar) at <c>/scalar</c>, reading <c>/openapi/v1.json</c>; both anonymous (they
/// describe the API, they give no access to data). It works without internet: Scalar.AspNetCore embeds its script
/// (served from <c>/scalar/scalar.js</c>), and the options below turn off what would still reach out (the fonts from
/// Scalar's CDN, the telemetry ping, the AI agent and MCP links).
/// </summary>
public static class ApiReference
{
    public const string Path = "/scalar";

    public static void MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, options => options
            .WithTitle("Forecasting API")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .AddPreferredSecuritySchemes(OpenApiSecurity.ApiKey))
        .AllowAnonymous();
}
