using System.Diagnostics;
using System.Diagnostics.Metrics;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Pipeline.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Forecasting.Pipeline.Tests.Scheduling;

/// <summary>Every job execution leaves a history record, a span and job metrics, whether it completes or fails.</summary>
public sealed class JobRecorderTests
{
    [Fact]
    public async Task A_completed_and_a_failed_execution_are_recorded_traced_and_counted()
    {
        using var temp = new JobsTempStore();
        var recorder = new JobRecorder(temp.Store, new NodeIdentity("node-test"), NullLogger<JobRecorder>.Instance);
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ForecastingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new List<(string Instrument, double Value, string? Job)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ForecastingTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, Job(tags))));
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, Job(tags))));
        meters.Start();

        await recorder.RunAsync("train-shard", 42, 3, 16, recovering: true, _ => Task.FromResult(new JobOutcome(120)), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => recorder.RunAsync("ingest", null, null, null, false, _ => throw new InvalidOperationException("disk full"), CancellationToken.None));

        var history = await temp.Store.ListJobRunsAsync();
        Assert.Equal(("ingest", "failed", "disk full", "node-test"), (history[0].Job, history[0].Status, history[0].Error, history[0].Node));
        Assert.Equal(("train-shard", "completed", 120, 42L, 3, true), (history[1].Job, history[1].Status, history[1].Series, history[1].RunId, history[1].Shard, history[1].Recovering));
        Assert.Contains(spans, s => s.DisplayName == "train-shard shard" && (int?)s.GetTagItem("forecasting.shard") == 3);
        Assert.Contains(spans, s => s.DisplayName == "ingest" && s.Status == ActivityStatusCode.Error);
        Assert.Contains(measurements, m => m.Instrument == "forecasting.job.duration" && m.Job == "train-shard" && m.Value >= 0);
        Assert.Contains(measurements, m => m.Instrument == "forecasting.job.failures" && m.Job == "ingest" && m.Value == 1);
    }

    private static string? Job(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "job")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
