using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;

namespace Forecasting.Core.Tests.Accuracy;

public sealed class SnapshotScorerTests
{
    private static readonly DateOnly Cutoff = new(2026, 3, 1);

    [Fact]
    public void Rows_fall_into_cells_by_model_region_category_abc_and_day_with_the_bucket_of_their_horizon()
    {
        var north = new SeriesKey("A", "north");
        var south = new SeriesKey("B", "south");
        var window = new ActualsWindow(ActualsWindow.FirstDayFor(Cutoff), Cutoff.AddDays(20)); // actuals for 20 of 28 days
        for (var day = window.First; day <= window.Last; day = day.AddDays(1))
        {
            window.Set(north, day, 10);
            window.Set(south, day, 4);
        }

        var scorer = new SnapshotScorer(Cutoff, window, key => key.Sku == "A" ? ("dresses", 'A') : ("shoes", 'C'));
        int scored = 0;
        for (int h = 1; h <= 28; h++)
        {
            scored += scorer.Add(north, "SSA", Cutoff.AddDays(h), 12, 9, 12, 14) ? 1 : 0;
            scored += scorer.Add(south, "TSB", Cutoff.AddDays(h), 4, 3, 4, 5) ? 1 : 0;
        }

        Assert.Equal(40, scored);
        Assert.Equal(40, scorer.Rows);
        var day3 = scorer.Cells[new AccuracyCell("SSA", "north", "dresses", 'A', Cutoff.AddDays(3), "1-7")];
        Assert.Equal((1L, 2.0, 10.0, 1L), (day3.Rows, day3.AbsError, day3.AbsActual, day3.Covered));
        Assert.Equal(0.0, day3.NaiveAbsError); // a flat history: the naive benchmark is exact
        Assert.Equal(["1-7", "15-28", "8-14"], scorer.Cells.Keys.Select(c => c.Bucket).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(6, scorer.Cells.Keys.Count(c => c.Bucket == "15-28" && c.Model == "SSA")); // days 15..20
        Assert.DoesNotContain(scorer.Cells.Keys, c => c.Day > window.Last);
        Assert.True(double.IsNaN(day3.Mase)); // a flat history has no scale
    }
}
