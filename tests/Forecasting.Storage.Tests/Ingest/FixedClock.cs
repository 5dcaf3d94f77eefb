namespace Forecasting.Storage.Tests.Ingest;

/// <summary>A clock stopped at one instant, so that "today" in a date rule is known to the test.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
