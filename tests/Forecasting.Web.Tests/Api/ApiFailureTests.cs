using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Logging;

namespace Forecasting.Web.Tests.Api;

/// <summary>Issue 14 finding 9 over real HTTP: a 4xx (or 503) where a 500 used to be, each with a detail saying what was wrong.</summary>
public abstract class ApiFailureTests
{
    protected abstract bool Postgres { get; }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_not_a_500()
    {
        await using var server = await ApiServer.StartAsync(Postgres);

        var nan = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?minBenefit=NaN", Roles.Planner));
        var infinite = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?minBenefit=Infinity", Roles.Planner));
        var nullItem = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/proposals/bulk-approve", Roles.Planner, new StringContent("{\"items\":[null]}", Encoding.UTF8, "application/json")));
        var badStatus = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?status=approvd", Roles.Planner));
        var paging = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?pageSize=0", Roles.Planner));
        var badAbc = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals?abc=D", Roles.Planner));
        var malformed = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/proposals/1/approve", Roles.Planner, new StringContent("{\"version\": ", Encoding.UTF8, "application/json")));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest),
            (nan.StatusCode, infinite.StatusCode, nullItem.StatusCode, badStatus.StatusCode, paging.StatusCode, malformed.StatusCode));
        Assert.Contains("minBenefit", await DetailAsync(nan), StringComparison.Ordinal);
        Assert.Contains("items[0]", await DetailAsync(nullItem), StringComparison.Ordinal);
        Assert.Contains("status", await DetailAsync(badStatus), StringComparison.Ordinal);
        Assert.Contains("pageSize", await DetailAsync(paging), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badAbc.StatusCode);
        Assert.Contains("abc", await DetailAsync(badAbc), StringComparison.Ordinal);
        Assert.Contains("body", await DetailAsync(malformed), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_even_when_its_length_is_not_declared()
    {
        await using var server = await ApiServer.StartAsync(Postgres);
        long id = (await server.Store.ListProposalsAsync()).First().Id;
        // Just over the 10 MB limit: the few KB the server never reads are already in the socket buffers when it answers,
        // so the client is not still writing when the connection closes (a much larger body raced into a broken pipe).
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"reason\": \"" + new string('x', (10 * 1024 * 1024) + (16 * 1024)) + "\"}")));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = server.Request(HttpMethod.Post, $"/api/proposals/{id}/reject", Roles.Planner, chunked);
        request.Headers.TransferEncodingChunked = true;

        var csv = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("sku,region,date,units\n" + string.Concat(Enumerable.Repeat("S1,north,2026-01-01,1\n", 477_400)))));
        csv.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var ingest = server.Request(HttpMethod.Post, "/api/ingest/demand", Roles.Ops, csv); // an endpoint that reads the stream itself
        ingest.Headers.TransferEncodingChunked = true;

        var response = await server.Client.SendAsync(request);
        var ingested = await server.Client.SendAsync(ingest);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge), (response.StatusCode, ingested.StatusCode));
        Assert.Contains("10 MB", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Contains("10 MB", await DetailAsync(ingested), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_credentials_say_what_was_missing()
    {
        await using var server = await ApiServer.StartAsync(Postgres);

        var none = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals", null));
        var unknown = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals", "fk_not-a-key"));
        var designer = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/proposals/1/approve", Roles.Designer, JsonContent.Create(new { version = 1 })));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), (none.StatusCode, unknown.StatusCode, designer.StatusCode));
        Assert.Contains("X-Api-Key", await DetailAsync(none), StringComparison.Ordinal);
        Assert.Contains("unknown or revoked", await DetailAsync(unknown), StringComparison.Ordinal);
        string forbidden = await DetailAsync(designer);
        Assert.Contains("planner or admin", forbidden, StringComparison.Ordinal);
        Assert.Contains("designer", forbidden, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_store_is_down_data_endpoints_answer_503_with_a_retry_after()
    {
        await using var server = await ApiServer.StartOverDownStoreAsync(Postgres);

        var proposals = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals", "fk_any-key"));
        var exports = await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/exports", "fk_any-key"));
        var live = await server.Client.GetAsync("/health/live");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (proposals.StatusCode, exports.StatusCode, live.StatusCode));
        Assert.Contains("store", await DetailAsync(proposals), StringComparison.Ordinal);
        Assert.NotNull(proposals.Headers.RetryAfter);
    }

    [Fact]
    public async Task Each_request_logs_one_information_line_and_health_probes_none()
    {
        using var logs = new CollectingLogs();
        await using var server = await ApiServer.StartAsync(Postgres, logs: logs);
        int before = logs.Information.Count;

        await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals", Roles.Planner));
        await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals/999999", Roles.Planner));
        await server.Client.SendAsync(server.Request(HttpMethod.Get, "/api/proposals", null));
        await server.Client.GetAsync("/health/live");
        await server.Client.GetAsync("/health/ready");

        var lines = logs.Information.Skip(before).ToList();
        Assert.True(lines.Count == 3, string.Join("\n", lines));
        Assert.Contains(lines, l => l.Contains("GET /api/proposals/999999 -> 404", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("/health", StringComparison.Ordinal));
    }

    /// <summary>Keeps every Information-or-above line the API logs.</summary>
    private sealed class CollectingLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Information { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CollectingLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Information.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}

public sealed class ApiFailureTestsOnSqlite : ApiFailureTests
{
    protected override bool Postgres => false;
}

public sealed class ApiFailureTestsOnPostgres : ApiFailureTests
{
    protected override bool Postgres => true;
}
