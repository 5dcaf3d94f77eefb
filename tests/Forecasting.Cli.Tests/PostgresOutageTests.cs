using System.Diagnostics;

namespace Forecasting.Cli.Tests;

/// <summary>
/// A PostgreSQL outage longer than a few seconds (a restart, a failover) under real <c>forecasting</c> processes:
/// the test's own cluster is crashed (<c>pg_ctl stop -m immediate</c>) in the middle of a training run and, after
/// it, in the middle of an ingest, and restarted on the same port 20 s later.
/// </summary>
public sealed class PostgresOutageTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    private void Phase(string name) => log.WriteLine($"{_elapsed.Elapsed.TotalSeconds,6:F1} s  {name}");

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_20_second_outage_during_a_training_run_and_an_ingest_is_ridden_out_and_leaves_the_rows_of_a_clean_run()
    {
        using var temp = new TempFolder();
        using var cluster = new PrivateCluster();
        string train = cluster.CreateDatabase("outage_train"), load = cluster.CreateDatabase("outage_load"), clean = cluster.CreateDatabase("outage_clean");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--skus", "100", "--regions", "6", "--days", "365", "--out", temp.File("data"))).ExitCode);
        foreach (var (database, kinds) in new[] { (train, new[] { "network", "catalog", "demand" }), (load, ["network", "catalog"]), (clean, ["network", "catalog"]) })
        {
            foreach (string kind in kinds)
            {
                var (code, text) = await CliRunner.RunAsync("ingest", kind, temp.File(kind == "network" ? "data/network.json" : $"data/{kind}.csv"), "--db", database);
                Assert.True(code == 0, text);
            }
        }

        Phase("reference data and demand stored");
        // Small write batches, so that the crash lands between writes of the run, as it would in a large one.
        await File.WriteAllTextAsync(temp.File("outage.json"), """
            { "Forecasting": { "Shards": 4, "Model": "snaive", "Training": { "Horizon": 14, "BatchSize": 10 }, "Schedules": {} } }
            """);
        long series = PrivateCluster.Scalar(train, "SELECT count(*) FROM (SELECT DISTINCT sku_id, region_id FROM demand) s");

        // 1. The training run: crashed as soon as its first forecasts are written.
        Phase("training started");
        var trainer = CliProcess.Start(temp, "run", "--job", "train", "--config", temp.File("outage.json"), "--db", train);
        var trainCrash = await CrashWhenAsync(cluster, trainer, () => PrivateCluster.Scalar(train, "SELECT count(*) FROM forecast_series") > 0);
        Assert.True(trainer.WaitForExit(TimeSpan.FromSeconds(90)), "the training run did not end within 90 s of the restart:\n" + CliProcess.OutputOf(trainer));
        trainer.WaitForExit();
        Phase("training process ended");
        string trainOutput = CliProcess.OutputOf(trainer);
        Assert.DoesNotContain("   at ", trainOutput, StringComparison.Ordinal); // never a stack trace
        Assert.True(PrivateCluster.Scalar(train, $"SELECT count(*) FROM job_runs WHERE job = 'train-shard' AND finished_at > '{trainCrash:O}'") > 0, "the outage did not interrupt the run");
        long first = PrivateCluster.Scalar(train, "SELECT min(id) FROM forecast_runs");
        string firstStatus = PrivateCluster.Text(train, $"SELECT status FROM forecast_runs WHERE id = {first}");
        Assert.True((trainer.ExitCode, firstStatus) is (0, "completed") || (trainer.ExitCode != 0 && firstStatus == "failed"), $"exit {trainer.ExitCode}, run {firstStatus}:\n{trainOutput}");

        Phase("checked");
        // Re-running gives a complete run with the same rows as the interrupted one (when it completed).
        var (rerun, rerunOutput) = await CliRunner.RunAsync("run", "--job", "train", "--config", temp.File("outage.json"), "--db", train);
        Assert.True(rerun == 0, rerunOutput);
        long second = PrivateCluster.Scalar(train, "SELECT max(id) FROM forecast_runs"); // not first + 1: a crash skips sequence values
        Assert.Equal(2, PrivateCluster.Scalar(train, "SELECT count(*) FROM forecast_runs"));
        Assert.Equal("completed", PrivateCluster.Text(train, $"SELECT status FROM forecast_runs WHERE id = {second}"));
        Assert.Equal(series * 14, PrivateCluster.Scalar(train, $"SELECT count(*) FROM forecasts WHERE run_id = {second}"));
        if (firstStatus == "completed")
        {
            long firstRows = PrivateCluster.Scalar(train, $"SELECT count(*) FROM forecasts WHERE run_id = {first}");
            Assert.True(series * 14 == firstRows, $"{firstRows} rows; series_count {PrivateCluster.Scalar(train, $"SELECT series_count FROM forecast_runs WHERE id = {first}")}; shards "
                + PrivateCluster.Text(train, $"SELECT string_agg(shard || ':' || status || ':' || series || ':' || coalesce(error, ''), ' ') FROM job_runs WHERE run_id = {first}") + "\n" + trainOutput);
            Assert.Equal(0, PrivateCluster.Scalar(train, $"""
                SELECT count(*) FROM (
                    (SELECT sku_id, region_id, model, target_day, mean, p10, p50, p90 FROM forecasts WHERE run_id = {first}
                     EXCEPT ALL SELECT sku_id, region_id, model, target_day, mean, p10, p50, p90 FROM forecasts WHERE run_id = {second})
                    UNION ALL
                    (SELECT sku_id, region_id, model, target_day, mean, p10, p50, p90 FROM forecasts WHERE run_id = {second}
                     EXCEPT ALL SELECT sku_id, region_id, model, target_day, mean, p10, p50, p90 FROM forecasts WHERE run_id = {first})) d
                """));
        }

        Phase("re-run trained");
        // 2. The ingest: crashed as soon as its first batch is stored.
        var ingest = CliProcess.Start(temp, "ingest", "demand", temp.File("data/demand.csv"), "--db", load, "--batch-size", "2000");
        var loadCrash = await CrashWhenAsync(cluster, ingest, () => PrivateCluster.Scalar(load, "SELECT count(*) FROM demand") > 0);
        Assert.True(ingest.WaitForExit(TimeSpan.FromSeconds(90)), "the ingest did not end within 90 s of the restart:\n" + CliProcess.OutputOf(ingest));
        ingest.WaitForExit();
        Phase("ingest process ended");
        string ingestOutput = CliProcess.OutputOf(ingest);
        Assert.DoesNotContain("   at ", ingestOutput, StringComparison.Ordinal);
        Assert.True(PrivateCluster.Scalar(load, $"SELECT count(*) FROM ingest_loads WHERE kind = 'Demand' AND finished_at > '{loadCrash:O}'") == 1, "the outage did not interrupt the load");
        string loadStatus = PrivateCluster.Text(load, "SELECT status FROM ingest_loads WHERE kind = 'Demand'");
        Assert.True((ingest.ExitCode, loadStatus) is (0, "completed") || (ingest.ExitCode != 0 && loadStatus == "failed"), $"exit {ingest.ExitCode}, load {loadStatus}:\n{ingestOutput}");
        long rows = File.ReadLines(temp.File("data/demand.csv")).LongCount() - 1;
        if (loadStatus == "completed")
        {
            Assert.Equal(rows, PrivateCluster.Scalar(load, "SELECT rows_read FROM ingest_loads WHERE kind = 'Demand'"));
            Assert.Equal(rows, PrivateCluster.Scalar(load, "SELECT accepted + rejected + duplicates FROM ingest_loads WHERE kind = 'Demand'"));
        }

        // Re-running the load changes nothing (or completes it), and the rows equal those of a clean load.
        foreach (var (code, text) in await Task.WhenAll(new[] { load, clean }.Select(database => CliRunner.RunAsync("ingest", "demand", temp.File("data/demand.csv"), "--db", database))))
        {
            Assert.True(code == 0, text);
        }

        Phase("re-run and clean loads done");
        Assert.Equal(rows, PrivateCluster.Scalar(load, "SELECT count(*) FROM demand"));
        Assert.Equal(DemandFingerprint(clean), DemandFingerprint(load));
    }

    /// <summary>Waits until <paramref name="started"/> holds, crashes the cluster, restarts it <see cref="Outage"/> later.</summary>
    /// <returns>When the crash began.</returns>
    private static async Task<DateTimeOffset> CrashWhenAsync(PrivateCluster cluster, Process worker, Func<bool> started)
    {
        var waiting = Stopwatch.StartNew();
        while (!started())
        {
            Assert.True(!worker.HasExited && waiting.Elapsed < TimeSpan.FromSeconds(60), "the work ended or never started before the crash:\n" + CliProcess.OutputOf(worker));
            await Task.Delay(10);
        }

        var crashedAt = DateTimeOffset.UtcNow;
        cluster.Crash();
        await Task.Delay(Outage);
        Assert.False(worker.HasExited, "the process gave up during the outage:\n" + CliProcess.OutputOf(worker));
        cluster.Restart();
        return crashedAt;
    }

    /// <summary>Every demand row by SKU and region code (not by surrogate id), hashed.</summary>
    private static string DemandFingerprint(string database) => PrivateCluster.Text(database, """
        SELECT count(*) || ':' || md5(string_agg(concat_ws(',', s.sku, r.region, d.day, d.units, d.returns, d.views, d.searches, d.cart_adds, d.wishlist_adds), ';'
                                      ORDER BY s.sku COLLATE "C", r.region COLLATE "C", d.day))
        FROM demand d JOIN skus s ON s.id = d.sku_id JOIN regions r ON r.id = d.region_id
        """);
}
