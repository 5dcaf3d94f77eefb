using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Synthetic;
using Forecasting.Pipeline.Training;

namespace Forecasting.Pipeline.Tests.Training;

public sealed class ForecastTrainerSignalTests
{
    [Fact]
    public async Task The_training_job_forecasts_trend_items_whose_stored_interest_rose_from_their_signals_and_higher_than_from_sales_alone()
    {
        using var temp = new JobsTempStore();
        var options = new GeneratorOptions { Skus = 240, Regions = 4, Days = 420, Seed = 5, TrendingShare = 0.4 };
        var platform = await GeneratedPlatformStore.LoadAsync(temp, options);
        // Issue the forecast on the day the most planted trends have turned in interest (4-12 days before) but not yet in units.
        var trends = platform.Truth.Items.Where(i => i.Trend is not null).ToList();
        var cutoff = Enumerable.Range(60, options.Days - 60 - 28).Select(d => options.Start.AddDays(d))
            .MaxBy(day => trends.Count(i => Turned(i, day)));
        var turned = trends.Where(i => Turned(i, cutoff)).Select(i => i.Sku).ToHashSet(StringComparer.Ordinal);
        Assert.True(turned.Count >= 3, $"{turned.Count} trend items turned at {cutoff}");

        var trainer = new ForecastTrainer(temp.Store, temp.Store);
        var training = new TrainingOptions { Cutoff = cutoff };
        var salesOnly = await trainer.RunAsync(new AutoForecaster(), training with { UseSignals = false });
        var withSignals = await trainer.RunAsync(new AutoForecaster(), training);

        var before = (await temp.Store.ReadForecastsAsync(salesOnly.Id)).Where(f => turned.Contains(f.Sku)).ToList();
        var after = (await temp.Store.ReadForecastsAsync(withSignals.Id)).Where(f => turned.Contains(f.Sku)).ToList();
        Assert.DoesNotContain(before, f => f.Model.StartsWith("LeadingIndicator(", StringComparison.Ordinal));
        Assert.All(after, f => Assert.StartsWith("LeadingIndicator(", f.Model, StringComparison.Ordinal));
        Assert.True(after.Sum(f => f.Mean) > 1.3 * before.Sum(f => f.Mean), $"with signals {after.Sum(f => f.Mean):F1} units, sales only {before.Sum(f => f.Mean):F1}");
    }

    /// <summary>Interest rose 4-12 days before the day in the first region; units follow 7-14 days after interest.</summary>
    private static bool Turned(ItemTruth item, DateOnly day) =>
        item.Trend is { } t && item.Launch < day.AddDays(-90) && day.DayNumber - t.InterestStart.DayNumber - t.RegionDelays.Min() is >= 4 and <= 12;
}
