using Forecasting.Core.Forecasting;
using Forecasting.Core.Simulation;

namespace Forecasting.Core.Tests.Simulation;

/// <summary>Properties over random small networks (each seed a different network, catalog and demand).</summary>
public class ReplayPropertyTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    private static ReplayResult Run(int seed, int? threads = null) =>
        new ReplaySimulator(new SeasonalNaiveForecaster(), new ReplayOptions { Seed = (ulong)seed, MaxDegreeOfParallelism = threads }).Run(ReplayInstances.Random(seed), ReplayPolicies.All);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_oracle_earns_at_least_as_much_as_every_policy(int seed)
    {
        var kpis = Run(seed).Kpis();

        double oracle = kpis.Single(k => k.Policy == ReplayPolicy.Oracle).Profit;
        Assert.All(kpis, k => Assert.True(k.Profit <= oracle + 1e-6, $"{ReplayPolicies.Name(k.Policy)} earned {k.Profit:F2} > oracle {oracle:F2}"));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_unit_ordered_is_sold_or_lost_and_every_unit_bought_is_somewhere(int seed)
    {
        // The replay checks it every day (and throws); the totals must agree with it at the end too.
        foreach (var outcome in Run(seed).Policies)
        {
            var t = outcome.Totals;
            Assert.Equal(t.DemandUnits, t.SoldUnits + t.LostUnits);
            Assert.Equal(t.SoldUnits, outcome.Daily.Sold.Sum());
            Assert.Equal(t.DemandUnits, outcome.Daily.Demand.Sum());
            Assert.True(outcome.Daily.OnHand.All(u => u >= 0));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_replay_on_one_thread_or_many()
    {
        for (int seed = 1; seed <= 5; seed++)
        {
            var one = Run(seed, threads: 1).Kpis();
            var many = Run(seed, threads: 4).Kpis();
            Assert.Equal(one.Select(k => (k.Profit, k.LostUnits, k.TransferUnits, k.HoldingCost, k.RealisedBenefit)), many.Select(k => (k.Profit, k.LostUnits, k.TransferUnits, k.HoldingCost, k.RealisedBenefit)));
        }
    }

    [Fact]
    public void Another_customer_seed_changes_which_slow_deliveries_are_lost()
    {
        var input = ReplayInstances.Random(7);
        var a = new ReplaySimulator(new SeasonalNaiveForecaster(), new ReplayOptions { Seed = 1 }).Run(input, [ReplayPolicy.None]).Kpis()[0];
        var b = new ReplaySimulator(new SeasonalNaiveForecaster(), new ReplayOptions { Seed = 2 }).Run(input, [ReplayPolicy.None]).Kpis()[0];

        Assert.NotEqual(a.LostUnits, b.LostUnits);
    }

    [Fact]
    public void Planner_policies_plan_on_their_cadence_daily_by_default()
    {
        // Weekly: every move leaves on a review day (the replay's first day + 7k); daily: some leave in between.
        var input = ReplayInstances.Random(3);
        IEnumerable<int> MoveDays(int? planEvery) => new ReplaySimulator(new SeasonalNaiveForecaster(), new ReplayOptions { PlanEveryDays = planEvery, Planner = new() { ReviewPeriodDays = 7 } })
            .Run(input, [ReplayPolicy.SalesOnly]).Policies[0].SampleMoves.Select(m => m.Sent.DayNumber - input.Start.AddDays(input.ReplayFrom).DayNumber);

        Assert.Equal(1, new ReplayOptions().PlanCadenceDays);
        var weekly = MoveDays(7).ToList();
        var daily = MoveDays(1).ToList();
        Assert.NotEmpty(weekly);
        Assert.All(weekly, d => Assert.Equal(0, d % 7));
        Assert.Equal(weekly, MoveDays(null)); // null: the planner's review period
        Assert.Contains(daily, d => d % 7 != 0);
    }
}
