using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Forecasting.Web.Api;

/// <summary>
/// One Information line per request (method, path, status, duration), none for the health probes that
/// orchestrators send every few seconds. ASP.NET Core's own per-request lines (request starting, finished,
/// endpoint executing) are filtered to warnings in <see cref="ForecastingApi.AddForecastingApi"/>.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        long started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Handled(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} -> {Status} in {Milliseconds:F1} ms")]
    private static partial void Handled(ILogger logger, string method, string path, int status, double milliseconds);
}
