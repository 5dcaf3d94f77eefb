using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Scoring;

/// <summary>Which forecast runs are snapshots that can be scored now.</summary>
public static class Snapshots
{
    /// <summary>Completed production runs cut off before <paramref name="lastDay"/> (so some of their days have actuals)
    /// whose raw forecasts retention has not dropped.</summary>
    public static IEnumerable<ForecastRun> Scorable(IEnumerable<ForecastRun> runs, IEnumerable<ScoredRun> scored, DateOnly lastDay)
    {
        var pruned = scored.Where(s => s.PrunedAt is not null).Select(s => s.RunId).ToHashSet();
        return runs.Where(r => r.Kind == ForecastRunKind.Production && r.Status == ForecastRunStatus.Completed && r.Cutoff < lastDay && !pruned.Contains(r.Id));
    }
}
