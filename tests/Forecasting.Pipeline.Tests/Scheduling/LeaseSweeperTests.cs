using Forecasting.Core.Domain;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Forecasting.Pipeline.Tests.Scheduling;

public sealed class LeaseSweeperTests
{
    [Fact]
    public async Task A_run_stranded_by_a_dead_node_is_failed_at_start_and_one_whose_lease_then_expires_by_the_next_tick()
    {
        using var temp = new JobsTempStore();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new ServiceOptions();
        // Stranded: issued an hour ago by a node that died before renewing its lease (as runs left by earlier versions).
        var stranded = await temp.Store.CreateRunAsync(ForecastRunKind.Production, clock.GetUtcNow().AddHours(-1), new DateOnly(2024, 1, 31), 28, "snaive");
        var alive = await temp.Store.CreateRunAsync(ForecastRunKind.Production, clock.GetUtcNow(), new DateOnly(2024, 1, 31), 28, "snaive");
        await temp.Store.RenewLeaseAsync(LeasedWork.ForecastRun, alive.Id, clock.GetUtcNow() + options.Resilience.LeaseDuration);
        using var sweeper = new LeaseSweeper(temp.Store, options, NullLogger<LeaseSweeper>.Instance, clock);

        await sweeper.StartAsync(CancellationToken.None);

        Assert.Equal([ForecastRunStatus.Failed, ForecastRunStatus.Running], (await temp.Store.ListRunsAsync()).Select(r => r.Status));

        // Its worker stops renewing: once the lease has run out, the next tick of the sweep fails it too.
        clock.Advance(options.Resilience.LeaseDuration + options.Resilience.SweepInterval);
        for (int i = 0; i < 200 && (await temp.Store.ListRunsAsync())[1].Status == ForecastRunStatus.Running; i++)
        {
            await Task.Delay(25);
        }

        Assert.Equal(ForecastRunStatus.Failed, (await temp.Store.ListRunsAsync())[1].Status);
        await sweeper.StopAsync(CancellationToken.None);
    }
}
