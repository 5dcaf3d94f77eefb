using System.ComponentModel.DataAnnotations;

namespace Forecasting.Storage.Resilience;

/// <summary>
/// How the service rides out a database outage (configuration section <c>Forecasting:Resilience</c>): every
/// store operation is retried on transient errors for up to <see cref="RetryBudget"/>, and every forecast run,
/// plan run and load holds a lease that its worker renews every <see cref="HeartbeatInterval"/>; a running one
/// whose lease is older than <see cref="LeaseDuration"/> is marked failed by the next start or sweep.
/// </summary>
/// <remarks>Durations bind from configuration as <c>hh:mm:ss</c> (e.g. <c>"00:01:00"</c>).</remarks>
public sealed record ResilienceOptions
{
    public const string Section = "Forecasting:Resilience";

    /// <summary>How long one store operation keeps retrying a transient failure (connection refused or lost, server
    /// starting up or shutting down, serialization failure, deadlock) before the error surfaces. Zero: no retry.</summary>
    /// <value>60 seconds: a job rides out a 60 s outage (a restart, a failover).</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Delay before the first retry; each next one doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>200 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two retries (an outage that ends is noticed within it).</summary>
    /// <value>5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a run or load stays owned after its last heartbeat. Must exceed <see cref="RetryBudget"/>
    /// plus <see cref="HeartbeatInterval"/>, so that a worker still riding out an outage never loses its lease.</summary>
    /// <value>2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a running run or load renews its lease.</summary>
    /// <value>10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a serving node looks for runs and loads whose lease expired (each start looks once too).</summary>
    /// <value>30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <exception cref="ArgumentException">Every invalid setting, one per line, named by its configuration key.</exception>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var errors = results.Select(r => $"{Section}:{Describe(r)}").ToList();
        if (MaxRetryDelay < FirstRetryDelay)
        {
            errors.Add($"{Section}:MaxRetryDelay ({MaxRetryDelay}) is shorter than FirstRetryDelay ({FirstRetryDelay}).");
        }

        if (LeaseDuration <= RetryBudget + HeartbeatInterval)
        {
            errors.Add($"{Section}:LeaseDuration ({LeaseDuration}) must exceed RetryBudget + HeartbeatInterval ({RetryBudget + HeartbeatInterval}): "
                + "a worker riding out an outage would lose its lease and its run be marked failed under it.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid configuration:\n  " + string.Join("\n  ", errors));
        }
    }

    private static string Describe(ValidationResult result) =>
        result.ErrorMessage?.Replace("The field ", "", StringComparison.Ordinal) ?? $"{string.Join(",", result.MemberNames)} is invalid.";
}
