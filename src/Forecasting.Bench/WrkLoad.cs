using System.Diagnostics;
using System.Globalization;

namespace Forecasting.Bench;

/// <summary>
/// Drives Debian's <c>wrk</c> (an event-loop HTTP load generator written in C) against the API from its own
/// process, so the measured server does not share its runtime with the client. A Lua script shapes each request
/// and its <c>done</c> hook prints the totals and latency percentiles in a fixed form parsed here.
/// </summary>
internal static class WrkLoad
{
    private const int Threads = 2;

    public sealed record Result(long Requests, long Errors, double RequestsPerSecond, double P50Ms, double P99Ms);

    /// <summary>A script of <c>GET /api/proposals</c> with pages drawn uniformly from 1..pages (seeded per thread).</summary>
    public static string RandomPages(int pages) => $$"""
        local threads = 0
        function setup(thread) thread:set("tid", threads); threads = threads + 1 end
        function init(args) math.randomseed(tid + 1) end
        function request() return wrk.format("GET", "/api/proposals?page=" .. math.random({{pages}}) .. "&pageSize=50") end
        {{Done}}
        """;

    /// <summary>A script approving each listed proposal once (at version 1), threads taking alternate ids.</summary>
    public static Func<string, string> DistinctApprovals(IReadOnlyList<long> ids) => folder =>
    {
        string file = Path.Combine(folder, $"approve-ids-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        return $$"""
            local threads = 0
            function setup(thread) thread:set("tid", threads); threads = threads + 1 end
            local ids, n = {}, 0
            function init(args)
              wrk.headers["Content-Type"] = "application/json" -- wrk.format's own header table would replace -H's key
              for line in io.lines("{{file}}") do ids[#ids + 1] = line end
            end
            function request()
              local id = ids[(n * {{Threads}} + tid) % #ids + 1]
              n = n + 1
              return wrk.format("POST", "/api/proposals/" .. id .. "/approve", nil, '{"version":1}')
            end
            {{Done}}
            """;
    };

    private const string Done = """
        function done(summary, latency, requests)
          io.write(string.format("WRK %d %d %d %d %d\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
            summary.duration, latency:percentile(50), latency:percentile(99)))
        end
        """;

    public static async Task<Result> RunAsync(Uri address, string apiKey, Func<string, string> script, int connections, int seconds, string folder, CancellationToken cancellationToken)
    {
        string scriptFile = Path.Combine(folder, $"load-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(scriptFile, script(folder), cancellationToken);
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "-t", Threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--timeout", "10s", "-H", $"X-Api-Key: {apiKey}", "-s", scriptFile, address.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException("wrk is not installed: run deploy/bench/api-load.sh (it installs Debian's wrk) or apt-get install wrk.", error);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            string line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("WRK ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk exited with {process.ExitCode} without a summary: {await errors}");
            long[] f = [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture))];
            return new Result(f[0], f[1], f[0] / (f[2] / 1e6), f[3] / 1000.0, f[4] / 1000.0);
        }
    }
}
