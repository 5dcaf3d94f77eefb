using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Synthetic;
using Forecasting.Pipeline.Training;

namespace Forecasting.Pipeline.Tests.Training;

public sealed class ForecastTrainerColdStartTests
{
    [Fact]
    public async Task The_training_job_forecasts_new_items_and_items_launching_within_the_horizon_from_analogues_in_every_region()
    {
        using var temp = new JobsTempStore();
        var options = new GeneratorOptions { Skus = 200, Regions = 4, Days = 300, Seed = 9, LaunchShare = 0.6 };
        var platform = await GeneratedPlatformStore.LoadAsync(temp, options);
        var cutoff = options.End.AddDays(-60); // the generator launches items up to 28 days before its end
        var launches = platform.Catalog.Where(i => i.LaunchDate is not null).ToDictionary(i => i.Sku, i => i.LaunchDate!.Value, StringComparer.Ordinal);
        var recent = launches.Where(p => p.Value <= cutoff && p.Value > cutoff.AddDays(-28)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var upcoming = launches.Where(p => p.Value > cutoff && p.Value <= cutoff.AddDays(28)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        Assert.True(recent.Count >= 3 && upcoming.Count >= 3, $"{recent.Count} recent, {upcoming.Count} upcoming launches");

        var run = await new ForecastTrainer(temp.Store, temp.Store).RunAsync(new AutoForecaster(), new TrainingOptions { Cutoff = cutoff });

        var rows = await temp.Store.ReadForecastsAsync(run.Id);
        Assert.All(rows.Where(r => recent.Contains(r.Sku) || upcoming.Contains(r.Sku)), r => Assert.Matches(@"^ColdStart\(analogues=\d+\)$", r.Model));
        Assert.DoesNotContain(rows, r => r.Model.StartsWith("ColdStart", StringComparison.Ordinal) && !recent.Contains(r.Sku) && !upcoming.Contains(r.Sku));
        foreach (string sku in upcoming)
        {
            var item = rows.Where(r => r.Sku == sku).ToList();
            Assert.Equal(options.Regions * 28, item.Count);
            Assert.All(item.Where(r => r.TargetDate < launches[sku]), r => Assert.Equal(0, r.Mean));
            if (launches[sku] <= cutoff.AddDays(21))
            {
                // a week or more on sale inside the horizon: its analogues sold in their first week
                Assert.True(item.Where(r => r.TargetDate >= launches[sku]).Sum(r => r.Mean) > 0, sku);
            }
        }
    }
}
