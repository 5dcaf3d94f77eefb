using System.Net;

namespace Forecasting.Cli.Tests;

/// <summary>An OTLP/HTTP receiver on a free loopback port that keeps every metrics and traces export it is sent (binary protobuf).</summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<byte[]> _bodies = [];
    private readonly List<byte[]> _traces = [];
    private readonly Task _loop;

    public OtlpReceiver()
    {
        int port = FreePort.Next();
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
                var target = context.Request.Url?.AbsolutePath switch
                {
                    "/v1/metrics" => _bodies,
                    "/v1/traces" => _traces,
                    _ => null,
                };
                if (target is not null)
                {
                    lock (target)
                    {
                        target.Add(body.ToArray());
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

    /// <summary>Every span received: its resource's <c>service.name</c>, its instrumentation scope and its name.</summary>
    public List<(string Service, string Scope, string Name)> Spans()
    {
        var spans = new List<(string, string, string)>();
        lock (_traces)
        {
            foreach (var body in _traces)
            {
                foreach (var resourceSpans in Protobuf.Fields(body).Where(f => f.Number == 1))
                {
                    var fields = Protobuf.Fields(resourceSpans.Bytes);
                    string service = fields.Where(f => f.Number == 1).SelectMany(r => Protobuf.Fields(r.Bytes).Where(a => a.Number == 1))
                        .Select(kv => Protobuf.Fields(kv.Bytes))
                        .Where(kv => Text(kv.First(f => f.Number == 1).Bytes) == "service.name")
                        .Select(kv => Text(Protobuf.Fields(kv.First(f => f.Number == 2).Bytes).First().Bytes))
                        .FirstOrDefault() ?? "";
                    foreach (var scopeSpans in fields.Where(f => f.Number == 2))
                    {
                        var scopeFields = Protobuf.Fields(scopeSpans.Bytes);
                        string scope = scopeFields.Where(f => f.Number == 1).Select(sc => Protobuf.Fields(sc.Bytes).FirstOrDefault(f => f.Number == 1).Bytes)
                            .Select(b => b is null ? "" : Text(b)).FirstOrDefault() ?? "";
                        foreach (var span in scopeFields.Where(f => f.Number == 2))
                        {
                            spans.Add((service, scope, Text(Protobuf.Fields(span.Bytes).First(f => f.Number == 5).Bytes)));
                        }
                    }
                }
            }
        }

        return spans;
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(5_000);
    }
}

/// <summary>Just enough of the protobuf wire format to walk OTLP messages: each field's number and raw bytes
/// (varints as their value in 8 bytes, fixed64/fixed32 as their bytes, length-delimited as their payload).</summary>
internal static class Protobuf
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
