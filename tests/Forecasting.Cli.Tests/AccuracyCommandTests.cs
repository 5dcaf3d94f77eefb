using System.Diagnostics;
using System.Net;
using Forecasting.Core.Forecasting;
using Forecasting.Jobs.Training;
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

    /// <summary>An OTLP/HTTP receiver on a free loopback port that keeps every metrics export it is sent (binary protobuf).</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<byte[]> _bodies = [];
        private readonly Task _loop;

        public OtlpReceiver()
        {
            int port = FreePort();
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    if (context.Request.Url?.AbsolutePath == "/v1/metrics")
                    {
                        lock (_bodies)
                        {
                            _bodies.Add(body.ToArray());
                        }
                    }

                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/x-protobuf";
                    context.Response.Close();
                }
            });
        }

        public string Endpoint { get; }

        /// <summary>Every number data point received (gauges and sums; histograms with no value), with its metric name and attributes.</summary>
        public List<(string Metric, Dictionary<string, string> Attributes, double? Value)> MetricPoints()
        {
            var points = new List<(string, Dictionary<string, string>, double?)>();
            lock (_bodies)
            {
                foreach (var body in _bodies)
                {
                    foreach (var resource in Protobuf.Fields(body).Where(f => f.Number == 1))
                    {
                        foreach (var scope in Protobuf.Fields(resource.Bytes).Where(f => f.Number == 2))
                        {
                            foreach (var metric in Protobuf.Fields(scope.Bytes).Where(f => f.Number == 2))
                            {
                                var fields = Protobuf.Fields(metric.Bytes);
                                string name = System.Text.Encoding.UTF8.GetString(fields.First(f => f.Number == 1).Bytes);
                                foreach (var data in fields.Where(f => f.Number is 5 or 7 or 9))
                                {
                                    foreach (var point in Protobuf.Fields(data.Bytes).Where(f => f.Number == 1))
                                    {
                                        var p = Protobuf.Fields(point.Bytes);
                                        int attributesField = data.Number == 9 ? 9 : 7; // HistogramDataPoint keeps them in 9, NumberDataPoint in 7
                                        var attributes = p.Where(f => f.Number == attributesField).Select(kv => Protobuf.Fields(kv.Bytes)).ToDictionary(
                                            kv => System.Text.Encoding.UTF8.GetString(kv.First(f => f.Number == 1).Bytes),
                                            kv => System.Text.Encoding.UTF8.GetString(Protobuf.Fields(kv.First(f => f.Number == 2).Bytes).First().Bytes));
                                        double? value = data.Number == 9 ? null
                                            : p.FirstOrDefault(f => f.Number == 4) is { Bytes: not null } d ? BitConverter.ToDouble(d.Bytes)
                                            : p.FirstOrDefault(f => f.Number == 6) is { Bytes: not null } i ? BitConverter.ToInt64(i.Bytes) : null;
                                        points.Add((name, attributes, value));
                                    }
                                }
                            }
                        }
                    }
                }
            }

            return points;
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(5_000);
        }

        private static int FreePort()
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }
    }

    /// <summary>Just enough of the protobuf wire format to walk OTLP messages: each field's number and raw bytes
    /// (varints as their value in 8 bytes, fixed64/fixed32 as their bytes, length-delimited as their payload).</summary>
    private static class Protobuf
    {
        public static List<(int Number, byte[] Bytes)> Fields(byte[] message)
        {
            var fields = new List<(int, byte[])>();
            int at = 0;
            while (at < message.Length)
            {
                ulong tag = Varint(message, ref at);
                int number = (int)(tag >> 3);
                switch ((int)(tag & 7))
                {
                    case 0:
                        fields.Add((number, BitConverter.GetBytes(Varint(message, ref at))));
                        break;
                    case 1:
                        fields.Add((number, message[at..(at + 8)]));
                        at += 8;
                        break;
                    case 2:
                        int length = (int)Varint(message, ref at);
                        fields.Add((number, message[at..(at + length)]));
                        at += length;
                        break;
                    case 5:
                        fields.Add((number, message[at..(at + 4)]));
                        at += 4;
                        break;
                    default:
                        throw new InvalidDataException($"unsupported wire type in field {number}");
                }
            }

            return fields;
        }

        private static ulong Varint(byte[] message, ref int at)
        {
            ulong value = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = message[at++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
