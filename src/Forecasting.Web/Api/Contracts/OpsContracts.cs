using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Api.Contracts;

/// <summary>Metrics of one accuracy group as the API shows them (null where a metric is undefined, e.g. WAPE of zero demand).</summary>
public sealed record AccuracyView(IReadOnlyDictionary<string, string> Segment, long Rows, double Actual, double? Wape, double? Mase, double? Bias,
    double? Coverage, double? Pinball, double? NaiveWape, double? ValueAdded)
{
    public static AccuracyView Of(AccuracyRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        static double? N(double value) => double.IsFinite(value) ? value : null;
        var s = row.Sums;
        return new AccuracyView(row.Segment, s.Rows, s.Actual, N(s.Wape), N(s.Mase), N(s.Bias), N(s.Coverage), N(s.Pinball), N(s.NaiveWape), N(s.ValueAdded));
    }
}

/// <summary>A job fired through the scheduler (its run shows up in <c>GET /api/jobs/runs</c>).</summary>
public sealed record JobTriggered(string Job, bool Triggered);

/// <summary>A clustered scheduler node as the API shows it (<see cref="SchedulerNode"/>).</summary>
public sealed record SchedulerNodeView(string Id, DateTimeOffset LastCheckin, double CheckinIntervalSeconds, bool Late);
