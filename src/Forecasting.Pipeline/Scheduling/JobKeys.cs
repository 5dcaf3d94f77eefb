using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>Quartz identities of the service's jobs (group "forecasting"); training shards get one job each.</summary>
public static class JobKeys
{
    public const string Group = "forecasting";

    public static JobKey Ingest { get; } = new("ingest", Group);

    public static JobKey Train { get; } = new("train", Group);

    public static JobKey Plan { get; } = new("plan", Group);

    public static JobKey Score { get; } = new("score", Group);

    /// <summary>The job of one shard of one run: it carries its run, shard and shard count.</summary>
    public static JobKey TrainShard(long runId, int shard) => new($"train-run{runId}-shard{shard}", "forecasting-shards");

    /// <summary>Job names accepted by <c>forecasting run --job</c>.</summary>
    public static IReadOnlyDictionary<string, JobKey> ByName { get; } = new Dictionary<string, JobKey>(StringComparer.OrdinalIgnoreCase)
    {
        ["ingest"] = Ingest,
        ["train"] = Train,
        ["plan"] = Plan,
        ["score"] = Score,
    };
}
