using System.Diagnostics;
using System.Net;

namespace Forecasting.Cli.Tests.Deploy;

/// <summary><c>deploy/local-cluster.sh</c> run as a user would: up, status, kill, down. (That a killed node's shard
/// is recovered by another node is proven by <see cref="ServiceCommandTests"/>' cluster test on the same nodes.)</summary>
public sealed class LocalClusterTests
{
    [Fact]
    public async Task The_local_cluster_comes_up_with_three_ready_nodes_loses_a_killed_one_and_leaves_nothing_behind()
    {
        // Directly under /tmp: PostgreSQL's user must be able to traverse the folder's parent.
        string dir = Path.Combine(Path.GetTempPath(), "forecasting-local-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var up = await Script(dir, "up");
            Assert.True(up.ExitCode == 0, up.Output);
            var urls = up.Output.Split('\n').Where(l => l.StartsWith("node", StringComparison.Ordinal)).Select(l => new Uri(l.Split(' ')[1])).ToList();
            string key = up.Output.Split('\n').Single(l => l.StartsWith("admin key ", StringComparison.Ordinal))["admin key ".Length..].Trim();
            Assert.Equal(3, urls.Count);
            using (var client = new HttpClient { BaseAddress = urls[2] })
            {
                client.DefaultRequestHeaders.Add("X-Api-Key", key);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/jobs/runs")).StatusCode); // the printed key is an admin's
            }

            Assert.Equal(3, (await Script(dir, "status")).Output.Split('\n').Count(l => l.EndsWith(" ready", StringComparison.Ordinal)));
            var pid = int.Parse(File.ReadAllText(Path.Combine(dir, "node2.pid")), System.Globalization.CultureInfo.InvariantCulture);

            Assert.Equal(0, (await Script(dir, "kill", "node2")).ExitCode);
            var status = (await Script(dir, "status")).Output;
            Assert.Contains("node2 " + urls[1].ToString().TrimEnd('/') + " down", status, StringComparison.Ordinal);
            Assert.Equal(2, status.Split('\n').Count(l => l.EndsWith(" ready", StringComparison.Ordinal)));
            Assert.False(Alive(pid));

            var pids = new[] { "node1", "node3" }.Select(n => int.Parse(File.ReadAllText(Path.Combine(dir, n + ".pid")), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(0, (await Script(dir, "down")).ExitCode);
            Assert.False(Directory.Exists(dir), "down must remove the cluster's folder");
            Assert.DoesNotContain(pids, Alive);
        }
        finally
        {
            await Script(dir, "down");
        }
    }

    /// <summary>Running: a zombie (killed, not yet reaped) is not.</summary>
    private static bool Alive(int pid)
    {
        string status = $"/proc/{pid}/status";
        try
        {
            return !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Output)> Script(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(DeploySettings.File("deploy/local-cluster.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FORECASTING_CLUSTER_DIR"] = dir;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
