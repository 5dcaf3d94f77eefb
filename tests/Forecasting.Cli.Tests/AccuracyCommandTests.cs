using System.Diagnostics;
using System.Net;
using Forecasting.Core.Forecasting;
using Forecasting.Pipeline.Training;
using Forecasting.Storage;

namespace Forecasting.Cli.Tests;

/// <summary><c>forecasting score</c>, <c>report accuracy</c>, and the accuracy metrics exported over OTLP to a real receiver.</summary>
public sealed class AccuracyCommandTests
{
    /// <summary>A store with 40 SKUs x 4 regions of demand and the seasonal-naive snapshot issued 28 days before its end.</summary>
    private static async Task<(string Database, int Series)> PrepareAsync(TempFolder temp)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--skus", "40", "--regions", "4", "--days", "150", "--out", temp.File("data"))).ExitCode);
        string database = temp.File("store.db");
        foreach (var (kind, file) in new[] { ("network", "network.json"), ("catalog", "catalog.csv"), ("demand", "demand.csv") })
        {
            var (exit, output) = await CliRunner.RunAsync("ingest", kind, temp.File($"data/{file}"), "--db", database);
            Assert.True(exit == 0, output);
        }

        var store = await StoreFactory.OpenAsync(database);
        var summary = await store.GetDemandSummaryAsync();
        await new ForecastTrainer(store, store).RunAsync(new SeasonalNaiveForecaster(), new TrainingOptions { Cutoff = summary.LastDay!.Value.AddDays(-28) });
        return (database, summary.Series);
    }

    [Fact]
    public async Task Score_scores_the_snapshot_once_and_report_accuracy_writes_html_and_csv()
    {
        using var temp = new TempFolder();
        var (database, series) = await PrepareAsync(temp);

        var (exit, output) = await CliRunner.RunAsync("score", "--db", database);
        var (again, secondOutput) = await CliRunner.RunAsync("score", "--db", database);
        var (reported, report) = await CliRunner.RunAsync("report", "accuracy", "--db", database, "--out", temp.File("report"));

        Assert.True(exit == 0, output);
        Assert.Contains($"1 snapshots scored ({series * 28:N0} forecast days)", output, StringComparison.Ordinal);
        Assert.True(again == 0, secondOutput);
        Assert.Contains("0 snapshots scored (0 forecast days)", secondOutput, StringComparison.Ordinal);
        Assert.True(reported == 0, report);
        Assert.Contains("accuracy by bucket", report, StringComparison.Ordinal);
        string[] csv = File.ReadAllLines(temp.File("report/accuracy.csv"));
        Assert.Equal("grouping,segment,rows,actual,wape,mase,bias,coverage,pinball,naive_wape,value_added", csv[0]);
        Assert.StartsWith($"overall,all,{series * 28},", csv[1], StringComparison.Ordinal);
        Assert.Equal(3, csv.Count(l => l.StartsWith("bucket,", StringComparison.Ordinal))); // 1-7, 8-14, 15-28
        Assert.Equal(4, csv.Count(l => l.StartsWith("region,", StringComparison.Ordinal)));
        string html = File.ReadAllText(temp.File("report/accuracy.html"));
        Assert.Contains("WAPE by target week", html, StringComparison.Ordinal);
        Assert.Contains("Accuracy by region", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_score_job_exports_accuracy_metrics_over_otlp_to_a_local_receiver()
    {
        using var temp = new TempFolder();
        var (database, series) = await PrepareAsync(temp);
        using var receiver = new OtlpReceiver();

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(CliApp).Assembly.Location, "run", "--job", "score", "--db", database })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        start.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "run --job score did not finish");
        Assert.True(process.ExitCode == 0, await stdout + await stderr);

        var points = receiver.MetricPoints();
        var names = points.Select(p => p.Metric).ToHashSet();
        foreach (var name in new[] { "forecasting.accuracy.wape", "forecasting.accuracy.bias", "forecasting.accuracy.coverage", "forecasting.accuracy.alerts_open", "forecasting.accuracy.rows_scored", "forecasting.job.duration" })
        {
            Assert.Contains(name, names);
        }

        var wape = points.Where(p => p.Metric == "forecasting.accuracy.wape").ToList();
        Assert.All(wape, p => Assert.Equal(["horizon_bucket", "model"], p.Attributes.Keys.Order(StringComparer.Ordinal))); // bounded labels: no SKU, no run id
        Assert.Equal(["1-7", "15-28", "8-14"], wape.Select(p => p.Attributes["horizon_bucket"]).Distinct().Order(StringComparer.Ordinal));
        Assert.All(wape, p => Assert.InRange(p.Value!.Value, 0.05, 3.0));
        Assert.All(points.Where(p => p.Metric == "forecasting.accuracy.coverage"), p => Assert.InRange(p.Value!.Value, 0.0, 1.0));
        Assert.Equal(series * 28, points.Where(p => p.Metric == "forecasting.accuracy.rows_scored").Max(p => p.Value));
    }
}
