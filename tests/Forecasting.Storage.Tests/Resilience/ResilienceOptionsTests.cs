using Forecasting.Storage.Resilience;

namespace Forecasting.Storage.Tests.Resilience;

public sealed class ResilienceOptionsTests
{
    [Fact]
    public void The_defaults_ride_out_a_60_second_outage_within_a_lease()
    {
        var options = new ResilienceOptions();

        options.Validate();

        Assert.Equal(TimeSpan.FromSeconds(60), options.RetryBudget);
        Assert.True(options.LeaseDuration > options.RetryBudget + options.HeartbeatInterval);
    }

    [Fact]
    public void A_lease_shorter_than_the_retry_budget_and_a_negative_budget_are_refused_naming_their_keys()
    {
        var options = new ResilienceOptions { RetryBudget = TimeSpan.FromSeconds(-1), LeaseDuration = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(10) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Forecasting:Resilience:RetryBudget must be between", error.Message, StringComparison.Ordinal);
        Assert.Contains("Forecasting:Resilience:LeaseDuration (00:00:05) must exceed RetryBudget + HeartbeatInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("Forecasting:Resilience:MaxRetryDelay (00:00:00.0100000) is shorter than FirstRetryDelay", error.Message, StringComparison.Ordinal);
    }
}
