using Forecasting.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Forecasting.Web.Api;

/// <summary>
/// The service's HTTP API on a <see cref="WebApplicationBuilder"/>: API-key authentication and role policies,
/// ProblemDetails for every error (never a stack trace), a request size limit, liveness and readiness
/// (readiness checks the store), and the endpoint groups.
/// </summary>
public static class ForecastingApi
{
    /// <summary>Largest request body accepted (413 above it).</summary>
    public const long MaxRequestBytes = 10 * 1024 * 1024;

    /// <summary>The detail of a 413.</summary>
    internal static readonly string TooLarge = $"the request body is larger than the {MaxRequestBytes / (1024 * 1024)} MB this API accepts";

    /// <summary>Adds the API on the store already registered (<c>AddForecastingStoreAsync</c>); bearer tokens are
    /// accepted next to API keys when <c>Forecasting:Jwt</c> enables them.</summary>
    public static WebApplicationBuilder AddForecastingApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!((Microsoft.Extensions.Hosting.IHostApplicationBuilder)builder).Properties.ContainsKey(typeof(IForecastingStore)))
        {
            throw new InvalidOperationException("AddForecastingApi needs the store: call AddForecastingStoreAsync first.");
        }

        AddApi(builder, builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>());
        return builder;
    }

    /// <summary>Adds the API on a store the caller opened (tests, the API benchmark).</summary>
    /// <param name="jwt">Bearer tokens accepted next to API keys when configured.</param>
    public static WebApplicationBuilder AddForecastingApi(this WebApplicationBuilder builder, IForecastingStore store, JwtOptions? jwt = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddForecastingStore(store);
        AddApi(builder, jwt);
        return builder;
    }

    private static void AddApi(WebApplicationBuilder builder, JwtOptions? jwt)
    {
        builder.Services.TryAddSingleton(new Forecasting.Pipeline.Ingest.IngestRules()); // the service registers its configured rules first
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<Forecasting.Pipeline.Scheduling.JobTrigger>();
        // A 413 can also come from Kestrel itself (a body read past the limit, when no handler sees the exception).
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Detail ??= c.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge ? TooLarge : null);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        // A body that cannot be bound throws, so the exception handler answers with the reason (and 413 past the limit).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // One line per request comes from RequestLogging; the framework's own per-request lines stay below Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter(typeof(ApiKeyAuthentication).FullName, LogLevel.Warning);
        builder.Services.AddOpenApi(OpenApiSecurity.Configure);
        var authentication = builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        string[] schemes = [ApiKeyAuthentication.SchemeName];
        if (jwt is { Enabled: true })
        {
            authentication.AddJwtBearer(o =>
            {
                o.Authority = jwt.Authority;
                o.Audience = jwt.Audience;
                o.RequireHttpsMetadata = jwt.Authority?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? false;
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new Microsoft.IdentityModel.Tokens.TokenValidationParameters
                {
                    RoleClaimType = jwt.RoleClaim,
                    NameClaimType = "sub",
                    ValidateIssuer = jwt.Issuer is not null,
                    ValidIssuer = jwt.Issuer,
                    ValidateAudience = jwt.Audience is not null,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = jwt.SigningKey is { Length: > 0 } key ? new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(key)) : null,
                };
            });
            schemes = [ApiKeyAuthentication.SchemeName, Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme];
        }

        builder.Services.AddAuthorization(options =>
        {
            Policies.Add(options, schemes);
        });
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
    }

    /// <summary>The API alone on a free loopback port (tests and the API benchmark), started; returns it and its address.</summary>
    /// <param name="logs">Where the API logs (nowhere when null).</param>
    public static async Task<(WebApplication App, Uri Address)> StartOnLoopbackAsync(IForecastingStore store, string contentRoot, JwtOptions? jwt = null, ILoggerProvider? logs = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = contentRoot });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.AddForecastingApi(store, jwt);
        var app = builder.Build();
        app.MapForecastingApi();
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!;
        return (app, new Uri(addresses.Addresses.First()));
    }

    public static void MapForecastingApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapOpenApi().AllowAnonymous(); // /openapi/v1.json
        app.MapApiReference(); // /scalar
        app.MapProposalApi();
        app.MapExportApi();
        app.MapJobsApi();
        app.MapIngestApi();
        app.MapSeriesApi();
        app.MapOpsApi();
        app.MapTrendsApi();
        app.MapForecastsApi();
    }

    private sealed class StoreHealthCheck(IForecastingStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.GetDemandDaysAsync(cancellationToken); // a cheap query that needs the store to answer
                return HealthCheckResult.Healthy();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("the store does not answer: " + error.Message);
            }
        }
    }
}
