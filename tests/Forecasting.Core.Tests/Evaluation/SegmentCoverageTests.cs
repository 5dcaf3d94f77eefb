using Forecasting.Core.Domain;
using Forecasting.Core.Evaluation;
using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Tests.Evaluation;

public class SegmentCoverageTests
{
    [Fact]
    public void Coverage_is_reported_per_volume_class_demand_class_and_horizon_bucket()
    {
        // One smooth series (all volume: class A), horizon 4: buckets Near (step 1), Middle (2), Far (3, 4).
        var history = new DemandSeries(new SeriesKey("A", "north"), Granularity.Day, new DateOnly(2025, 1, 6), [10, 11, 10, 11, 10, 11]);
        var forecast = new SeriesForecast(history.Key, "M", Granularity.Day, new DateOnly(2025, 1, 12), [10, 10, 10, 10], [0.1, 0.9], [9, 9, 9, 9, 11, 11, 11, 11]);
        double[] actual = [10, 12, 10, 20];

        var rows = SegmentCoverage.Score([forecast], [history], [actual]);

        Assert.Equal(0.5, rows.Single(r => r.Dimension == SegmentDimension.Volume && r.Segment == "A").Coverage);
        Assert.Equal(0.5, rows.Single(r => r.Dimension == SegmentDimension.Demand && r.Segment == "Smooth").Coverage);
        Assert.Equal(1, rows.Single(r => r.Segment == "Near").Coverage);
        Assert.Equal(0, rows.Single(r => r.Segment == "Middle").Coverage);
        var far = rows.Single(r => r.Segment == "Far");
        Assert.Equal((2, 0.5, 10.0 / 30), (far.Points, far.Coverage, far.Wape));
    }
}
