using Forecasting.Core.Domain;
using System.Diagnostics;
using Forecasting.Pipeline.Hosting;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Forecasting.Cli.Tests;

/// <summary>The scheduled service for real: Quartz schedules, <c>run --job</c>, and a three-node cluster on PostgreSQL.</summary>
public sealed class ServiceCommandTests
{
    [Fact]
    public async Task Run_all_loads_the_drop_folder_trains_every_shard_and_records_the_history()
    {
        using var temp = new TempFolder();
        var (generated, _) = await CliRunner.RunAsync("generate", "--skus", "40", "--regions", "4", "--days", "120", "--out", temp.File("inbox"));
        Assert.Equal(0, generated);

        var (exit, output) = await CliRunner.RunAsync("run", "--job", "all", "--db", temp.File("store.db"), "--drop-folder", temp.File("inbox"), "--shards", "3", "--model", "snaive");

        Assert.True(exit == 0, output);
        var store = await StoreFactory.OpenAsync(temp.File("store.db"));
        var run = Assert.Single(await store.ListRunsAsync());
        var summary = await store.GetDemandSummaryAsync();
        Assert.Equal((ForecastRunStatus.Completed, summary.Series), (run.Status, run.SeriesCount));
        Assert.Equal(summary.Series * 28, (await store.ReadForecastsAsync(run.Id)).Count);
        var history = await store.ListJobRunsAsync();
        Assert.Equal(["ingest", "train", "train-shard", "train-shard", "train-shard", "plan", "score"], history.Reverse().Select(h => h.Job));
        Assert.Equal(summary.Series, history.Where(h => h.Job == "train-shard").Sum(h => h.Series));
        var plan = history.Single(h => h.Job == "plan");
        var planRun = Assert.Single(await store.ListPlanRunsAsync());
        Assert.Equal(("completed", planRun.Proposals), (plan.Status, plan.Series));
        Assert.Equal(run.Id, planRun.ForecastRunId);
        Assert.True(File.Exists(temp.File("inbox/done/demand.csv")) && !File.Exists(temp.File("inbox/demand.csv")));
    }

    [Fact]
    public async Task A_scheduled_ingest_of_new_actuals_triggers_the_score_job()
    {
        using var temp = new TempFolder();
        await CliRunner.RunAsync("generate", "--skus", "20", "--regions", "4", "--days", "90", "--out", temp.File("data"));
        string database = temp.File("store.db");
        foreach (var (kind, file) in new[] { ("network", "network.json"), ("catalog", "catalog.csv") })
        {
            Assert.Equal(0, (await CliRunner.RunAsync("ingest", kind, temp.File("data/" + file), "--db", database)).ExitCode);
        }

        // The demand up to 28 days before the end is stored and forecast; the last 28 days arrive through the drop folder.
        var lines = File.ReadAllLines(temp.File("data/demand.csv"));
        var last = lines.Skip(1).Select(l => DateOnly.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).Max();
        var early = lines.Take(1).Concat(lines.Skip(1).Where(l => DateOnly.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) <= last.AddDays(-28)));
        var late = lines.Take(1).Concat(lines.Skip(1).Where(l => DateOnly.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) > last.AddDays(-28)));
        File.WriteAllLines(temp.File("early.csv"), early);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "demand", temp.File("early.csv"), "--db", database)).ExitCode);
        var store = await StoreFactory.OpenAsync(database);
        await new Forecasting.Pipeline.Training.ForecastTrainer(store, store).RunAsync(new Forecasting.Core.Forecasting.SeasonalNaiveForecaster(), new Forecasting.Pipeline.Training.TrainingOptions());
        Directory.CreateDirectory(temp.File("inbox"));
        File.WriteAllLines(temp.File("inbox/demand-late.csv"), late);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [$"--Forecasting:Store={database}", $"--Forecasting:DropFolder={temp.File("inbox")}", "--Forecasting:Schedules:Ingest=0/1 * * * * ?"],
            ContentRootPath = temp.Path,
        });
        await builder.AddForecastingStoreAsync();
        builder.AddForecastingJobs();
        using var host = builder.Build();
        await host.StartAsync();
        var clock = Stopwatch.StartNew();
        while (!(await store.ListJobRunsAsync()).Any(h => h.Job == "score" && h.Status == "completed") && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        await host.StopAsync();
        Assert.Contains(await store.ListJobRunsAsync(), h => h.Job == "ingest" && h.Status == "completed" && h.Error!.Contains("score job triggered", StringComparison.Ordinal));
        var scored = Assert.Single(await store.ListScoredRunsAsync());
        Assert.Equal(80 * 28, scored.Rows);
    }

    [Fact]
    public async Task A_cron_schedule_fires_the_train_job_in_the_embedded_mode()
    {
        using var temp = new TempFolder();
        await CliRunner.RunAsync("generate", "--skus", "20", "--regions", "4", "--days", "60", "--out", temp.File("inbox"));
        foreach (var (kind, file) in new[] { ("network", "network.json"), ("catalog", "catalog.csv"), ("demand", "demand.csv") })
        {
            Assert.Equal(0, (await CliRunner.RunAsync("ingest", kind, temp.File("inbox/" + file), "--db", temp.File("store.db"))).ExitCode);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [$"--Forecasting:Store={temp.File("store.db")}", "--Forecasting:Shards=2", "--Forecasting:Model=snaive", "--Forecasting:Schedules:Train=0/1 * * * * ?"], // every second
            ContentRootPath = temp.Path,
        });
        await builder.AddForecastingStoreAsync();
        builder.AddForecastingJobs();
        using var host = builder.Build();
        await host.StartAsync();
        var store = await StoreFactory.OpenAsync(temp.File("store.db"));
        var clock = Stopwatch.StartNew();
        while (!(await store.ListRunsAsync()).Any(r => r.Status == ForecastRunStatus.Completed) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        await host.StopAsync();
        var runs = await store.ListRunsAsync();
        Assert.Contains(runs, r => r.Status == ForecastRunStatus.Completed && r.SeriesCount == 80);
        Assert.Contains(await store.ListJobRunsAsync(), h => h.Job == "train" && h.Status == "completed");
    }

    [Fact]
    public async Task Serve_hosts_the_HTTP_API_next_to_the_jobs()
    {
        using var temp = new TempFolder();
        int port = FreePort.Next();
        var store = await StoreFactory.OpenAsync(temp.File("store.db"));
        var (key, _) = await ApiKeys.CreateAsync(store, "ops", "ops", "test");
        var node = CliProcess.Start(temp, "serve", "--urls", $"http://127.0.0.1:{port}", "--db", temp.File("store.db"), "--node-id", "api");
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            System.Net.HttpStatusCode? ready = null;
            var clock = Stopwatch.StartNew();
            while (ready != System.Net.HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    ready = (await client.GetAsync("/health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200); // not listening yet
                }
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/proposals");
            request.Headers.Add("X-Api-Key", key);
            var proposals = await client.SendAsync(request);

            using var trigger = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/score/trigger");
            trigger.Headers.Add("X-Api-Key", key);
            var triggered = await client.SendAsync(trigger);
            var scored = Stopwatch.StartNew();
            while (!(await store.ListJobRunsAsync()).Any(r => r.Job == "score" && r.Status != "running") && scored.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            Assert.Equal(System.Net.HttpStatusCode.OK, ready);
            Assert.Equal(System.Net.HttpStatusCode.OK, proposals.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, triggered.StatusCode);
            Assert.Contains(await store.ListJobRunsAsync(), r => r.Job == "score" && r.Status == "completed" && r.Node == "api");
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/proposals")).StatusCode);
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            node.Dispose();
        }
    }

    [Fact]
    public void An_invalid_configuration_is_refused_naming_each_setting()
    {
        var options = new ServiceOptions { Mode = SchedulerMode.Clustered, Store = "data/x.db", Shards = 0, Schedules = new ScheduleOptions { Train = "every night" } };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Forecasting:Mode is Clustered but Forecasting:Store is not PostgreSQL", error.Message, StringComparison.Ordinal);
        Assert.Contains("Forecasting:Schedules:Train 'every night'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Forecasting:Shards must be between 1 and 4096 (was 0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_of_three_nodes_finishes_a_run_when_a_node_holding_a_shard_is_killed()
    {
        using var temp = new TempFolder();
        using var database = new TestDatabase();
        await PrepareClusterAsync(temp, database);
        var nodes = Enumerable.Range(1, 3).ToDictionary(n => $"node{n}", n => CliProcess.Start(temp, "serve", "--urls", "http://127.0.0.1:0", "--config", temp.File("cluster.json"), "--db", database.ConnectionString, "--node-id", $"node{n}"));
        Process? submitter = null;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4)); // nodes check in
            submitter = CliProcess.Start(temp, "run", "--job", "train", "--submit-only", "--config", temp.File("cluster.json"), "--db", database.ConnectionString, "--node-id", "submitter");

            // Kill (SIGKILL) the node of a shard while that shard is running; retry on another node if the shard
            // finished between the look and the kill.
            var killed = new List<(string Node, long Record)>();
            var clock = Stopwatch.StartNew();
            while (killed.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                var running = database.Query("SELECT node, id FROM job_runs WHERE job = 'train-shard' AND status = 'running' ORDER BY id");
                foreach (var (node, id) in running.Where(r => nodes.ContainsKey(r.Node) && !nodes[r.Node].HasExited))
                {
                    nodes[node].Kill(entireProcessTree: true);
                    await nodes[node].WaitForExitAsync();
                    if (database.Query($"SELECT node, id FROM job_runs WHERE id = {id} AND status = 'running'").Count == 1)
                    {
                        killed.Add((node, id));
                    }

                    break;
                }

                await Task.Delay(20);
            }

            Assert.True(killed.Count == 1, "no node could be killed while it held a shard.\nsubmitter:\n" + CliProcess.OutputOf(submitter) + "\nnode1:\n" + CliProcess.OutputOf(nodes["node1"]));
            Assert.True(submitter.WaitForExit(TimeSpan.FromSeconds(120)), "the run did not complete within 2 minutes of the kill");
            submitter.WaitForExit(); // drains the output
            Assert.True(submitter.ExitCode == 0, CliProcess.OutputOf(submitter));

            var store = await StoreFactory.OpenAsync(database.ConnectionString);
            var run = Assert.Single(await store.ListRunsAsync());
            var summary = await store.GetDemandSummaryAsync();
            Assert.Equal((ForecastRunStatus.Completed, summary.Series), (run.Status, run.SeriesCount));

            // Every series has exactly one forecast per day of the horizon: nothing missing, nothing twice.
            Assert.Equal(summary.Series * 14L, database.Scalar($"SELECT count(*) FROM forecasts WHERE run_id = {run.Id}"));
            Assert.Equal(0L, database.Scalar($"SELECT count(*) FROM (SELECT sku_id, region_id FROM forecasts WHERE run_id = {run.Id} GROUP BY 1, 2 HAVING count(*) <> 14) t"));

            // The killed node's shard was run again, to completion, on another node, as a recovery.
            var history = await store.ListJobRunsAsync(run.Id);
            var (deadNode, record) = killed[0];
            var lost = history.Single(h => h.Id == record);
            Assert.Equal(("running", deadNode), (lost.Status, lost.Node));
            Assert.Contains(history, h => h.Shard == lost.Shard && h.Status == "completed" && h.Node != deadNode && h.Recovering);
            Assert.Equal(16, history.Where(h => h.Status == "completed").Select(h => h.Shard).Distinct().Count());
            Assert.True(history.Where(h => h.Status == "completed").Select(h => h.Node).Distinct().Count() >= 2, "the shards did not spread over the nodes");

            // Quartz's own table lists the living nodes as checking in; the killed one is gone or late.
            var cluster = await store.ListSchedulerNodesAsync();
            var now = DateTimeOffset.UtcNow;
            Assert.All(nodes.Keys.Where(n => n != deadNode), n => Assert.Contains(cluster, c => c.Id == n && !c.IsLate(now)));
            Assert.DoesNotContain(cluster, c => c.Id == deadNode && !c.IsLate(now));
        }
        finally
        {
            foreach (var process in nodes.Values.Append(submitter).OfType<Process>())
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_node_stopped_with_SIGTERM_releases_its_running_shard_to_another_node_and_exits_cleanly()
    {
        using var temp = new TempFolder();
        using var database = new TestDatabase();
        await PrepareClusterAsync(temp, database);
        var first = CliProcess.Start(temp, "serve", "--urls", "http://127.0.0.1:0", "--config", temp.File("cluster.json"), "--db", database.ConnectionString, "--node-id", "first");
        var second = CliProcess.Start(temp, "serve", "--urls", "http://127.0.0.1:0", "--config", temp.File("cluster.json"), "--db", database.ConnectionString, "--node-id", "second");
        Process? submitter = null;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            submitter = CliProcess.Start(temp, "run", "--job", "train", "--submit-only", "--config", temp.File("cluster.json"), "--db", database.ConnectionString, "--node-id", "submitter");
            var nodes = new Dictionary<string, Process> { ["first"] = first, ["second"] = second };
            (string Node, long Id) shard = default;
            var clock = Stopwatch.StartNew();
            while (shard.Id == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                shard = database.Query("SELECT node, id FROM job_runs WHERE job = 'train-shard' AND status = 'running' ORDER BY id LIMIT 1").FirstOrDefault();
                await Task.Delay(20);
            }

            Assert.True(shard.Id > 0, "no node ran a shard");
            var stopping = nodes[shard.Node!];
            string survivor = shard.Node == "first" ? "second" : "first";
            using (var term = Process.Start("kill", ["-TERM", stopping.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            Assert.True(stopping.WaitForExit(TimeSpan.FromSeconds(30)), "the node did not stop within 30 s of SIGTERM");
            stopping.WaitForExit();
            Assert.True(stopping.ExitCode == 0, CliProcess.OutputOf(stopping));
            Assert.True(submitter.WaitForExit(TimeSpan.FromSeconds(120)), "the run did not complete");
            submitter.WaitForExit();
            Assert.True(submitter.ExitCode == 0, CliProcess.OutputOf(submitter));

            var store = await StoreFactory.OpenAsync(database.ConnectionString);
            var run = Assert.Single(await store.ListRunsAsync());
            var history = await store.ListJobRunsAsync(run.Id);
            var released = history.Single(h => h.Id == shard.Id);
            Assert.True(released.Status is "cancelled" or "completed", $"shard record left {released.Status}");
            Assert.Contains(history, h => h.Shard == released.Shard && h.Status == "completed");
            if (released.Status == "cancelled")
            {
                Assert.Contains(history, h => h.Shard == released.Shard && h.Status == "completed" && h.Node == survivor && h.Recovering);
            }

            Assert.Equal(ForecastRunStatus.Completed, run.Status);
            Assert.Equal(0L, database.Scalar($"SELECT count(*) FROM (SELECT sku_id, region_id FROM forecasts WHERE run_id = {run.Id} GROUP BY 1, 2 HAVING count(*) <> 14) t"));
        }
        finally
        {
            foreach (var process in new[] { first, second, submitter }.OfType<Process>())
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    /// <summary>A few thousand series in the test database and a clustered configuration with quick check-ins.</summary>
    private static async Task PrepareClusterAsync(TempFolder temp, TestDatabase database)
    {
        await CliRunner.RunAsync("generate", "--skus", "250", "--regions", "6", "--days", "365", "--out", temp.File("data"));
        foreach (var (kind, file) in new[] { ("network", "network.json"), ("catalog", "catalog.csv"), ("demand", "demand.csv") })
        {
            var (code, text) = await CliRunner.RunAsync("ingest", kind, temp.File("data/" + file), "--db", database.ConnectionString);
            Assert.True(code == 0, text);
        }

        await File.WriteAllTextAsync(temp.File("cluster.json"), """
            { "Forecasting": { "Mode": "Clustered", "Shards": 16, "Model": "auto", "CheckinInterval": "00:00:01",
              "CheckinMisfireThreshold": "00:00:02", "IdleWait": "00:00:01", "Training": { "Horizon": 14 }, "Schedules": {} } }
            """);
    }

    /// <summary>A new database on the test PostgreSQL cluster (FORECASTING_TEST_POSTGRES, started by test.sh), dropped afterwards.</summary>
    internal sealed class TestDatabase : IDisposable
    {
        private readonly string _name = "c_" + Guid.NewGuid().ToString("N");
        private readonly string _admin;

        public TestDatabase()
        {
            _admin = Environment.GetEnvironmentVariable("FORECASTING_TEST_POSTGRES") is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException("FORECASTING_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts a throw-away PostgreSQL.");
            using var admin = new NpgsqlConnection(_admin);
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", admin);
            create.ExecuteNonQuery();
            ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ToString();
        }

        public string ConnectionString { get; }

        public List<(string Node, long Id)> Query(string sql)
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            using var reader = command.ExecuteReader();
            var rows = new List<(string, long)>();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1)));
            }

            return rows;
        }

        public long Scalar(string sql)
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(_admin);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
    }
}
