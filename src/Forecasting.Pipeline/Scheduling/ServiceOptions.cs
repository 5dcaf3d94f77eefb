using Forecasting.Pipeline.Training;
using Forecasting.Storage;
using Forecasting.Storage.Resilience;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>How the service runs its scheduled jobs.</summary>
public enum SchedulerMode
{
    /// <summary>One process, Quartz's in-memory job store (the default; SQLite or PostgreSQL data store).</summary>
    Embedded,

    /// <summary>Quartz's persistent clustered job store on the PostgreSQL database: every node runs the same
    /// <c>forecasting serve</c>, shares the schedule and the training shards, and recovers a dead node's shards.</summary>
    Clustered,
}

/// <summary>
/// Settings of <c>forecasting serve</c> and <c>forecasting run</c> (configuration section "Forecasting", see
/// config/forecasting.json; environment variables Forecasting__Store etc. override). Validated at start-up:
/// an invalid value stops the service with a message naming the setting.
/// </summary>
public sealed record ServiceOptions
{
    public const string Section = "Forecasting";

    /// <summary>The data store: a SQLite file, or PostgreSQL as an Npgsql connection string or postgres:// URL.</summary>
    public string Store { get; init; } = StoreOptions.DefaultSqlitePath;

    public SchedulerMode Mode { get; init; } = SchedulerMode.Embedded;

    /// <summary>This node's unique id in the cluster (default: host name and process id).</summary>
    public string? NodeId { get; init; }

    /// <summary>Quartz cron expressions (seconds first); empty = not scheduled (still runnable with <c>run --job</c>).</summary>
    public ScheduleOptions Schedules { get; init; } = new();

    /// <summary>Training shards per run: series are split by a stable hash of SKU x region.</summary>
    /// <value>16.</value>
    public int Shards { get; init; } = 16;

    /// <summary>The model the train job uses (a name of the model catalog).</summary>
    /// <value>auto.</value>
    public string Model { get; init; } = "auto";

    public TrainingOptions Training { get; init; } = new();

    /// <summary>The planner's policy (service levels, review period, central reserve...).</summary>
    public Core.Planning.PlannerOptions Planner { get; init; } = new();

    /// <summary>Scoring against actuals: drift alerts and forecast retention.</summary>
    public Scoring.AccuracyOptions Accuracy { get; init; } = new();

    /// <summary>The data rules of every load (dates, field lengths): section Forecasting:Ingest, also read by
    /// <c>forecasting ingest</c>.</summary>
    public Ingest.IngestRules Ingest { get; init; } = new();

    /// <summary>Riding out database outages: the retry budget of store operations and the leases of running work.</summary>
    public ResilienceOptions Resilience { get; init; } = new();

    /// <summary>Folder the ingest job loads files from (demand*.csv, order*.csv, catalog*.csv, inventory*.csv,
    /// network*.json) unless <c>Forecasting:Ingest:Inbox</c> names another; loaded files move to done/, files that
    /// fail to failed/.</summary>
    public string DropFolder { get; init; } = "data/inbox";

    /// <summary>The folder the ingest job reads: <c>Forecasting:Ingest:Inbox</c>, else <see cref="DropFolder"/>.</summary>
    public string InboxFolder => Ingest.Inbox ?? DropFolder;

    /// <summary>Jobs a node runs at once (Quartz thread pool). Each shard already uses every core.</summary>
    /// <value>2.</value>
    public int MaxConcurrentJobs { get; init; } = 2;

    /// <summary>Clustered mode: time between a node's check-ins (<c>hh:mm:ss</c>).</summary>
    /// <value>7.5 s.</value>
    public TimeSpan CheckinInterval { get; init; } = TimeSpan.FromSeconds(7.5);

    /// <summary>Clustered mode: how late a node's check-in may be before it is declared dead and its shards are
    /// recovered by another node.</summary>
    /// <value>7.5 s.</value>
    public TimeSpan CheckinMisfireThreshold { get; init; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How long an idle node waits before looking for new triggers: a node only learns of shards another
    /// node submitted when it looks (Quartz's default is 30 s).</summary>
    /// <value>1 s.</value>
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromSeconds(1);

    private static bool IsValidCron(string cron)
    {
        try
        {
            _ = new Quartz.CronExpression(cron);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public string ResolvedNodeId => NodeId is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <exception cref="ArgumentException">Every invalid setting, one per line.</exception>
    public void Validate()
    {
        var errors = Errors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid configuration:\n  " + string.Join("\n  ", errors));
        }
    }

    /// <summary>Every invalid setting, each message naming its configuration key (empty: valid).</summary>
    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Store))
        {
            errors.Add("Forecasting:Store is empty: give a SQLite file or a PostgreSQL connection string.");
        }
        else if (Mode == SchedulerMode.Clustered && !StoreFactory.IsPostgres(Store))
        {
            errors.Add("Forecasting:Mode is Clustered but Forecasting:Store is not PostgreSQL: the cluster shares its schedule through PostgreSQL.");
        }

        foreach (var (name, cron) in Schedules.All())
        {
            if (!string.IsNullOrWhiteSpace(cron) && !IsValidCron(cron))
            {
                errors.Add($"Forecasting:Schedules:{name} '{cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 0 2 * * ?').");
            }
        }

        if (Ingest.Inbox is { } inbox && (string.IsNullOrWhiteSpace(inbox) || inbox.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"Forecasting:Ingest:Inbox '{inbox.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a folder path: give the folder the ingest job loads new files from (or leave it out to use Forecasting:DropFolder).");
        }
        else if (Ingest.Inbox is null && string.IsNullOrWhiteSpace(DropFolder))
        {
            errors.Add("Forecasting:DropFolder is empty: give the folder the ingest job loads new files from (or Forecasting:Ingest:Inbox).");
        }

        if (Shards is < 1 or > 4096)
        {
            errors.Add($"Forecasting:Shards must be between 1 and 4096 (was {Shards}).");
        }

        if (MaxConcurrentJobs < 1)
        {
            errors.Add($"Forecasting:MaxConcurrentJobs must be at least 1 (was {MaxConcurrentJobs}).");
        }

        if (CheckinInterval <= TimeSpan.Zero)
        {
            errors.Add($"Forecasting:CheckinInterval must be positive (was {CheckinInterval}).");
        }

        if (CheckinMisfireThreshold <= TimeSpan.Zero)
        {
            errors.Add($"Forecasting:CheckinMisfireThreshold must be positive (was {CheckinMisfireThreshold}).");
        }

        if (IdleWait < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Forecasting:IdleWait must be at least 00:00:01 (Quartz's minimum; was {IdleWait}).");
        }

        try
        {
            Planner.Validate();
        }
        catch (ArgumentException error)
        {
            errors.Add(error.Message);
        }

        try
        {
            Accuracy.Validate();
        }
        catch (ArgumentException error)
        {
            errors.Add(error.Message);
        }

        try
        {
            Resilience.Validate();
        }
        catch (ArgumentException error)
        {
            errors.AddRange(error.Message.Split('\n', StringSplitOptions.TrimEntries).Skip(1));
        }

        try
        {
            Training.Validate();
        }
        catch (ArgumentException error)
        {
            errors.Add(error.Message);
        }

        try
        {
            Ingest.Validate();
        }
        catch (ArgumentException error)
        {
            errors.Add(error.Message);
        }

        try
        {
            Models.ModelCatalog.Resolve(Model);
        }
        catch (ArgumentException error)
        {
            errors.Add("Forecasting:Model: " + error.Message);
        }

        return errors;
    }
}

/// <summary>Cron schedules of the jobs (Quartz syntax, seconds first). Empty disables a schedule.</summary>
public sealed record ScheduleOptions
{
    public string? Ingest { get; init; }

    public string? Train { get; init; }

    public string? Plan { get; init; }

    public string? Score { get; init; }

    public IEnumerable<(string Name, string? Cron)> All() => [("Ingest", Ingest), ("Train", Train), ("Plan", Plan), ("Score", Score)];
}
