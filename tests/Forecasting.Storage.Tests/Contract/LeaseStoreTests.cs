using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Forecasting.Storage.Tests.Contract;

public abstract class LeaseStoreTests : StoreContractTests
{
    [Fact]
    public async Task Runs_plans_and_loads_whose_lease_expired_are_marked_failed_and_live_ones_keep_running()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var now = DateTimeOffset.UtcNow;
        var stale = await temp.Store.CreateRunAsync(ForecastRunKind.Production, now, new DateOnly(2024, 1, 31), 28, "snaive");
        var live = await temp.Store.CreateRunAsync(ForecastRunKind.Production, now, new DateOnly(2024, 1, 31), 28, "snaive");
        var plan = await temp.Store.CreatePlanRunAsync(live.Id, new DateOnly(2024, 1, 31));
        var staleLoad = await temp.Store.BeginLoadAsync("Demand", "a.csv");
        var liveLoad = await temp.Store.BeginLoadAsync("Demand", "b.csv");
        Assert.True(await temp.Store.RenewLeaseAsync(LeasedWork.ForecastRun, stale.Id, now.AddSeconds(-1)));
        Assert.True(await temp.Store.RenewLeaseAsync(LeasedWork.ForecastRun, live.Id, now.AddMinutes(1)));
        Assert.True(await temp.Store.RenewLeaseAsync(LeasedWork.PlanRun, plan.Id, now.AddSeconds(-1)));
        Assert.True(await temp.Store.RenewLeaseAsync(LeasedWork.Load, staleLoad.Id, now.AddSeconds(-1)));
        Assert.True(await temp.Store.RenewLeaseAsync(LeasedWork.Load, liveLoad.Id, now.AddMinutes(1)));

        var expired = await temp.Store.FailExpiredLeasesAsync(now, now.AddMinutes(-2));

        Assert.Equal(
            [(LeasedWork.ForecastRun, stale.Id), (LeasedWork.PlanRun, plan.Id), (LeasedWork.Load, staleLoad.Id)],
            expired.Select(e => (e.Work, e.Id)).Order());
        Assert.All(expired, e => Assert.True(Math.Abs((e.LeaseExpiredAt!.Value - now.AddSeconds(-1)).TotalMilliseconds) < 1, $"{e.LeaseExpiredAt:O}"));
        var runs = (await temp.Store.ListRunsAsync()).ToDictionary(r => r.Id, r => r.Status);
        Assert.Equal((ForecastRunStatus.Failed, ForecastRunStatus.Running), (runs[stale.Id], runs[live.Id]));
        Assert.Equal(Forecasting.Core.Planning.PlanRunStatus.Failed, Assert.Single(await temp.Store.ListPlanRunsAsync()).Status);
        Assert.Equal(1, temp.Scalar($"SELECT count(*) FROM ingest_loads WHERE id = {staleLoad.Id} AND status = 'failed' AND finished_at IS NOT NULL"));
        Assert.Equal(1, temp.Scalar($"SELECT count(*) FROM ingest_loads WHERE id = {liveLoad.Id} AND status = 'running'"));

        // A worker that comes back finds its lease lost; the live one keeps renewing; a second sweep changes nothing.
        Assert.False(await temp.Store.RenewLeaseAsync(LeasedWork.ForecastRun, stale.Id, now.AddMinutes(2)));
        Assert.True(await temp.Store.RenewLeaseAsync(LeasedWork.ForecastRun, live.Id, now.AddMinutes(2)));
        Assert.Empty(await temp.Store.FailExpiredLeasesAsync(now, now.AddMinutes(-2)));
    }

    [Fact]
    public async Task Work_started_without_a_lease_counts_as_leased_for_one_lease_duration_from_its_start()
    {
        using var temp = NewStore();
        var now = DateTimeOffset.UtcNow;
        var run = await temp.Store.CreateRunAsync(ForecastRunKind.Production, now, new DateOnly(2024, 1, 31), 28, "snaive");

        Assert.Empty(await temp.Store.FailExpiredLeasesAsync(now.AddMinutes(1), now.AddMinutes(-1)));
        var expired = Assert.Single(await temp.Store.FailExpiredLeasesAsync(now.AddMinutes(3), now.AddMinutes(1)));

        Assert.Equal((LeasedWork.ForecastRun, run.Id, (DateTimeOffset?)null), (expired.Work, expired.Id, expired.LeaseExpiredAt));
        Assert.Equal(ForecastRunStatus.Failed, Assert.Single(await temp.Store.ListRunsAsync()).Status);
    }

    [Fact]
    public async Task A_heartbeat_keeps_a_run_leased_and_once_its_worker_is_gone_the_sweep_fails_the_run()
    {
        using var temp = NewStore();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new ResilienceOptions(); // lease 2 min, a beat every 10 s
        var run = await temp.Store.CreateRunAsync(ForecastRunKind.Production, clock.GetUtcNow(), new DateOnly(2024, 1, 31), 28, "snaive");

        await using (var heartbeat = await LeaseHeartbeat.StartAsync(temp.Store, LeasedWork.ForecastRun, run.Id, options, clock))
        {
            // Five minutes of beats: well past the first lease, which only the renewals extend.
            for (int beat = 0; beat < 30; beat++)
            {
                clock.Advance(options.HeartbeatInterval);
                await Task.Delay(15);
            }

            await WaitForAsync(() => heartbeat.Held && heartbeat.FailedRenewals == 0);
            Assert.Empty(await LeaseSweep.FailExpiredAsync(temp.Store, options, clock));
        }

        // The worker is gone (its heartbeat stopped): one lease later the sweep fails the run.
        clock.Advance(options.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Empty(await LeaseSweep.FailExpiredAsync(temp.Store, options, clock));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(run.Id, Assert.Single(await LeaseSweep.FailExpiredAsync(temp.Store, options, clock)).Id);
        Assert.Equal(ForecastRunStatus.Failed, Assert.Single(await temp.Store.ListRunsAsync()).Status);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}

public sealed class LeaseStoreTestsOnSqlite : LeaseStoreTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class LeaseStoreTestsOnPostgres : LeaseStoreTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
