using Forecasting.Core.Accuracy;

namespace Forecasting.Core.Tests.Accuracy;

public sealed class DriftDetectorTests
{
    private static AccuracySums Sums(int rows, double actual, double mean, double p10, double p90)
    {
        var sums = new AccuracySums();
        for (int i = 0; i < rows; i++)
        {
            // One row in five with an interval that misses the actual: coverage 0.8 when the interval holds it.
            sums.Add(actual, mean, p10, mean, i % 5 == 0 ? Math.Min(p90, actual - 1) : p90, actual, 1);
        }

        return sums;
    }

    [Fact]
    public void Wape_beyond_the_margin_over_the_baseline_and_coverage_off_the_band_raise_conditions()
    {
        var options = new DriftOptions { WapeMargin = 0.25, MinRecentUnits = 50, MinRecentRows = 50 };
        var baseline = new Dictionary<string, AccuracySums>
        {
            ["north"] = Sums(400, 10, 11, 5, 15), // WAPE 0.10
            ["south"] = Sums(400, 10, 11, 5, 15),
            ["east"] = Sums(400, 10, 11, 5, 15),
        };
        var recent = new Dictionary<string, AccuracySums>
        {
            ["north"] = Sums(70, 10, 11.2, 5, 15), // WAPE 0.12: within the 25 % margin
            ["south"] = Sums(70, 20, 11, 5, 15),   // WAPE 0.45 and every actual above p90
            ["east"] = Sums(3, 10, 30, 5, 15),     // far off, but too little volume to judge
        };

        var conditions = DriftDetector.Evaluate("region", recent, baseline, options);

        Assert.Equal([("wape-drift", "south"), ("coverage", "south")], conditions.Select(c => (c.Kind, c.Segment)));
        Assert.Equal(0.45, conditions[0].Value, 12);
        Assert.Equal(0.10, conditions[0].Baseline, 12);
        Assert.Equal(0.0, conditions[1].Value); // every actual above p90
        Assert.Contains("region south", conditions[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_validated_with_every_problem_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new DriftOptions { RecentDays = 0, CoverageLow = 0.95, Bucket = "2-3", Dimensions = ["colour"] }.Validate());
        Assert.Contains("RecentDays", error.Message, StringComparison.Ordinal);
        Assert.Contains("CoverageLow", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bucket", error.Message, StringComparison.Ordinal);
        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
    }
}
