using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Forecasting.Core.Planning;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Api;
using Spectre.Console;

namespace Forecasting.Bench;

/// <summary>
/// <c>forecasting bench api</c>: a store with N proposals (SQLite file, or --db PostgreSQL), the API on Kestrel
/// on loopback, and a .NET load client in the same process (C concurrent connections for D seconds) against
/// <c>GET /api/proposals</c> (random pages) and then <c>POST approve</c> (each request a different proposal), after a
/// warm-up; reports requests/s and latency percentiles. The load comes from HttpClient in this process or from
/// Debian's wrk in its own (<c>--client wrk</c>); either way client and server share the machine's cores.
/// </summary>
internal static class BenchApiCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var proposals = new Option<int>("--proposals") { DefaultValueFactory = _ => 100_000 };
        var connections = new Option<int>("--connections") { DefaultValueFactory = _ => 32 };
        var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 10 };
        var maxPage = new Option<int?>("--max-page") { Description = "read pages drawn from 1..N (default: every page of the store)" };
        var client = new Option<string>("--client") { DefaultValueFactory = _ => "dotnet", Description = "load generator: dotnet (HttpClient in this process) or wrk (Debian's wrk in its own process)" };
        client.AcceptOnlyFromAmong("dotnet", "wrk");
        var target = new Option<string?>("--db") { Description = "PostgreSQL connection string of an empty database (default: a SQLite file in a temp folder)" };
        var command = new Command("api", "Requests/s and latency of GET /api/proposals and POST approve on a store of N proposals.") { proposals, connections, seconds, target, maxPage, client };
        command.SetAction(async (result, cancellationToken) =>
        {
            await RunAsync(console, result.GetValue(proposals), result.GetValue(connections), result.GetValue(seconds), result.GetValue(target), result.GetValue(maxPage), result.GetValue(client)!, cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(IAnsiConsole console, int count, int connections, int seconds, string? target, int? maxPage, string loadClient, CancellationToken cancellationToken)
    {
        string folder = Directory.CreateTempSubdirectory("forecasting-bench-api-").FullName;
        var store = await StoreFactory.OpenAsync(target ?? Path.Combine(folder, "bench.db"), null, cancellationToken);
        var (key, _) = await ApiKeys.CreateAsync(store, "bench", Roles.Planner, "bench", cancellationToken);
        var plan = await store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2), cancellationToken);
        var random = new Random(1);
        await store.WriteProposalsAsync(plan.Id, [.. Enumerable.Range(0, count).Select(i => new TransferProposal(
            $"SKU{i:D6}", "dc", $"w{i % 19}", 1 + random.Next(100), new DateOnly(2026, 3, 5), 9, 50, 30, 70, 60, 10, 40, 0.9, 20, 5, random.NextDouble() * 1000, "Auto"))], cancellationToken);
        var ids = (await store.QueryProposalsAsync(new ProposalQuery(Sort: "id", PageSize: count), cancellationToken)).Items.Select(p => p.Id).ToArray();

        var (app, address) = await ForecastingApi.StartOnLoopbackAsync(store, folder, null, null, cancellationToken);
        await using var running = app;
        var table = new Table().AddColumns("request", "requests", "errors", "requests/s", "p50 ms", "p99 ms");
        int pages = Math.Max(1, Math.Min(maxPage ?? int.MaxValue, count / 50));
        if (loadClient == "wrk")
        {
            // Warm-up (tiered JIT, pools, page index) on a slice of proposals the measured approvals never touch.
            int spare = Math.Min(5_000, ids.Length / 10);
            await WrkLoad.RunAsync(address, key, _ => WrkLoad.RandomPages(pages), connections, 3, folder, cancellationToken);
            await WrkLoad.RunAsync(address, key, WrkLoad.DistinctApprovals(ids[^spare..]), connections, 2, folder, cancellationToken);
            foreach (var (name, script) in new (string, Func<string, string>)[]
            {
                ("GET /api/proposals?page=r&pageSize=50", _ => WrkLoad.RandomPages(pages)),
                ("POST /api/proposals/{id}/approve", WrkLoad.DistinctApprovals(ids[..^spare])),
            })
            {
                var run = await WrkLoad.RunAsync(address, key, script, connections, seconds, folder, cancellationToken);
                table.AddRow(name, N(run.Requests), N(run.Errors), N(run.RequestsPerSecond), run.P50Ms.ToString("F2", CultureInfo.InvariantCulture), run.P99Ms.ToString("F2", CultureInfo.InvariantCulture));
            }
        }
        else
        {
            int next = 0;
            using (var warm = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = address })
            {
                warm.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, key);
                await LoadAsync(warm, r => new HttpRequestMessage(HttpMethod.Get, $"/api/proposals?page={1 + r.Next(pages)}&pageSize=50"), connections, TimeSpan.FromSeconds(3), cancellationToken);
            }

            foreach (var (name, make) in new (string, Func<Random, HttpRequestMessage>)[]
            {
                ("GET /api/proposals?page=r&pageSize=50", r => new HttpRequestMessage(HttpMethod.Get, $"/api/proposals?page={1 + r.Next(pages)}&pageSize=50")),
                ("POST /api/proposals/{id}/approve", _ => new HttpRequestMessage(HttpMethod.Post, $"/api/proposals/{ids[Interlocked.Increment(ref next) % ids.Length]}/approve")
                {
                    Content = new StringContent("{\"version\":1}", System.Text.Encoding.UTF8, "application/json"),
                }),
            })
            {
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = address };
                http.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, key);
                var (latencies, errors, elapsed) = await LoadAsync(http, make, connections, TimeSpan.FromSeconds(seconds), cancellationToken);
                latencies.Sort();
                table.AddRow(name, N(latencies.Count), N(errors), N(latencies.Count / elapsed),
                    Percentile(latencies, 0.50).ToString("F2", CultureInfo.InvariantCulture), Percentile(latencies, 0.99).ToString("F2", CultureInfo.InvariantCulture));
            }
        }

        console.Write(table);
        console.MarkupLineInterpolated($"{count:N0} proposals in {(target is null ? "SQLite" : "PostgreSQL")}; {connections} connections; load from {(loadClient == "wrk" ? "wrk (own process)" : "HttpClient in the server's process")}; {Environment.ProcessorCount} cores shared by client and server");
        await app.StopAsync(CancellationToken.None);
    }

    private static async Task<(List<double> Latencies, int Errors, double Seconds)> LoadAsync(HttpClient client, Func<Random, HttpRequestMessage> make, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        int errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var random = new Random(worker);
            var mine = new List<double>();
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                long start = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(make(random), cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        return (latencies, errors, clock.Elapsed.TotalSeconds);
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
