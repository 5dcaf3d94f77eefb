using System.Diagnostics;
using System.Net;
using Forecasting.Storage;

namespace Forecasting.Cli.Tests;

/// <summary><c>forecasting serve</c> as its own process exporting traces over OTLP/HTTP to a receiver run by the test.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_served_node_exports_spans_for_requests_and_jobs_under_OTEL_SERVICE_NAME_and_nothing_while_idle()
    {
        using var temp = new TempFolder();
        using var receiver = new OtlpReceiver();
        int port = FreePort.Next();
        var store = await StoreFactory.OpenAsync(temp.File("store.db"));
        var (key, _) = await ApiKeys.CreateAsync(store, "ops", "ops", "test");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(CliApp).Assembly.Location, "serve", "--urls", $"http://127.0.0.1:{port}", "--db", temp.File("store.db"), "--node-id", "otel" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["OTEL_SERVICE_NAME"] = "forecasting-under-test";
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        start.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "200"; // spans leave within 0.2 s of ending
        using var node = Process.Start(start)!;
        node.OutputDataReceived += (_, _) => { };
        node.ErrorDataReceived += (_, _) => { };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var clock = Stopwatch.StartNew();
            HttpStatusCode? ready = null;
            while (ready != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    ready = (await client.GetAsync("/health/ready")).StatusCode; // a probe: never traced
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.Equal(HttpStatusCode.OK, ready);
            await Task.Delay(TimeSpan.FromSeconds(10)); // idle: the scheduler polls, nobody calls
            var idle = receiver.Spans();

            using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/proposals"))
            {
                request.Headers.Add("X-Api-Key", key);
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
            }

            using (var trigger = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/score/trigger"))
            {
                trigger.Headers.Add("X-Api-Key", key);
                Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(trigger)).StatusCode);
            }

            var waited = Stopwatch.StartNew();
            while (!(HasRequest(receiver.Spans()) && HasJob(receiver.Spans())) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200);
            }

            var spans = receiver.Spans();
            Assert.Empty(idle);
            Assert.True(HasRequest(spans), "no HTTP server span: " + string.Join(", ", spans));
            Assert.True(HasJob(spans), "no job span: " + string.Join(", ", spans));
            Assert.All(spans, s => Assert.Equal("forecasting-under-test", s.Service));
            Assert.DoesNotContain(spans, s => s.Name.Contains("/health", StringComparison.Ordinal));
        }
        finally
        {
            node.Kill(entireProcessTree: true);
        }
    }

    private static bool HasRequest(List<(string Service, string Scope, string Name)> spans) =>
        spans.Any(s => s.Scope == "Microsoft.AspNetCore" && s.Name.Contains("/api/proposals", StringComparison.Ordinal));

    private static bool HasJob(List<(string Service, string Scope, string Name)> spans) =>
        spans.Any(s => s.Scope == "Forecasting.Pipeline" && s.Name == "score");
}
