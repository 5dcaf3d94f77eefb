using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Planning;
using Forecasting.Core.Synthetic;
using Forecasting.Pipeline.Ingest;
using Forecasting.Pipeline.Planning;
using Forecasting.Pipeline.Scoring;
using Forecasting.Pipeline.Training;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;

namespace Forecasting.Pipeline.Evaluation;

/// <summary>What <see cref="SampleStore.FillAsync"/> did.</summary>
/// <param name="Platform">The generated platform (its ground truth included).</param>
/// <param name="Snapshot">The forecast as issued <c>Horizon</c> days before the last day (scored against them).</param>
/// <param name="Production">The forecast of the days after the last day.</param>
public sealed record SampleFill(SyntheticPlatform Platform, ForecastRun Snapshot, ForecastRun Production, PlanResult Plan, ScoringResult Scoring);

/// <summary>
/// A store filled by the service's own path from a generated platform: the platform written as files, ingested, a
/// forecast snapshot issued one horizon before the last day, the production forecast, a plan, and the snapshot scored
/// against the held-back days. What the notebooks read by default and the browser tests serve.
/// </summary>
public static class SampleStore
{
    /// <param name="input">Folder the platform's files are written to (created).</param>
    /// <param name="model">The forecaster of both runs (default: the automatic pipeline).</param>
    public static async Task<SampleFill> FillAsync(IForecastingStore store, GeneratorOptions generator, string input, IForecaster? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(generator);
        var platform = SyntheticPlatform.Create(generator);
        PlatformFiles.Write(platform, input, cancellationToken: cancellationToken);
        var ingest = new IngestService(store);
        foreach (var (kind, file) in new[] { (IngestKind.Network, PlatformFiles.Network), (IngestKind.Catalog, PlatformFiles.Catalog), (IngestKind.Demand, PlatformFiles.Demand), (IngestKind.Inventory, PlatformFiles.Inventory) })
        {
            await ingest.IngestFileAsync(kind, Path.Combine(input, file), new IngestOptions(), cancellationToken: cancellationToken);
        }

        var summary = await store.GetDemandSummaryAsync(cancellationToken);
        var training = new TrainingOptions();
        var forecaster = model ?? new AutoForecaster();
        var trainer = new ForecastTrainer(store, store);
        var snapshot = await trainer.RunAsync(forecaster, training with { Cutoff = summary.LastDay!.Value.AddDays(-training.Horizon) }, cancellationToken: cancellationToken);
        var production = await trainer.RunAsync(forecaster, training, cancellationToken: cancellationToken);
        var plan = await new PlanningService(store).PlanAsync(new PlannerOptions(), cancellationToken);
        var scoring = await new AccuracyScoringService(store, new AccuracyOptions()).ScoreAsync(null, cancellationToken);
        return new SampleFill(platform, snapshot, production, plan, scoring);
    }
}
