using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Forecasting.Storage.Postgres;
using Forecasting.Storage.Resilience;
using Npgsql;

namespace Forecasting.Storage.Tests.Postgres;

public sealed class PostgresRetryTests
{
    [Fact]
    public async Task An_unreachable_database_is_retried_for_the_whole_budget_then_reported_as_transient()
    {
        await using var source = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Timeout=2");
        var retry = new PostgresRetry(new ResilienceOptions { RetryBudget = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromMilliseconds(400) });
        int attempts = 0;
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreException>(() => retry.RunAsync(async () =>
        {
            attempts++;
            await using var connection = await source.OpenConnectionAsync();
            return 1;
        }, CancellationToken.None));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2) && clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
        Assert.True(attempts >= 4, $"{attempts} attempts");
        Assert.True(error.IsTransient);
        Assert.StartsWith($"PostgreSQL unreachable (after {attempts} attempts in ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_zero_budget_a_refused_connection_surfaces_at_the_first_attempt()
    {
        await using var source = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Timeout=2");
        var retry = new PostgresRetry(new ResilienceOptions { RetryBudget = TimeSpan.Zero });
        int attempts = 0;

        var error = await Assert.ThrowsAsync<StoreException>(() => retry.RunAsync(async () =>
        {
            attempts++;
            await using var connection = await source.OpenConnectionAsync();
        }, CancellationToken.None));

        Assert.Equal((1, true), (attempts, error.IsTransient));
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
