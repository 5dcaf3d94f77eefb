using Forecasting.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Forecasting.Web.Api;

/// <summary>
/// Failures that are not the service's fault answered with their own status instead of 500: a request the server
/// refused while reading it (<see cref="BadHttpRequestException"/>: a body over the limit is 413, unreadable JSON 400,
/// with the reason as <c>detail</c>), and a store that does not answer (503 with <c>Retry-After</c>; see
/// <see cref="StoreFailures"/>). Anything else stays a 500 ProblemDetails without internals.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before retrying while the store is down.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (bad.StatusCode, "Request body too large", ForecastingApi.TooLarge),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            _ when StoreFailures.IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Store unavailable", "the store does not answer right now; retry shortly"),
            _ => (0, "", ""),
        };
        if (status == 0 || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
