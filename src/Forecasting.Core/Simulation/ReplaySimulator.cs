using Forecasting.Core.Forecasting;
using Forecasting.Core.Planning;

namespace Forecasting.Core.Simulation;

/// <summary>
/// The policy back-test (docs/simulation.md): replays the days [<see cref="ReplayInput.ReplayFrom"/>, <see cref="ReplayInput.Days"/>)
/// under each policy, each day with only what was known before it. Every <see cref="ReplayOptions.RetrainEveryDays"/> the
/// forecasts are re-trained (<see cref="ReplayForecasts"/>, shared by the policies); then per SKU (in parallel; a SKU's
/// policies in turn) each day: deliveries arrive, the DC orders from suppliers (<see cref="CentralReplenishment"/>), the policy
/// decides (planner policies every <see cref="ReplayOptions.PlanCadenceDays"/>, <see cref="PlannedMoves"/>; reactive daily, <see cref="ReactiveRefill"/>),
/// the day's orders are served (<see cref="SkuLedger.Serve"/>), holding is charged and units are checked to be conserved.
/// </summary>
/// <remarks>Deterministic: the same input, options and seed give the same result whatever the number of threads (sums run in
/// SKU order, daily totals are whole units). Thread-safe: a run keeps its state to itself.</remarks>
/// <param name="baseline">The forecaster of the sales-only policy, and the baseline the anticipatory policy lifts with signals.</param>
public sealed class ReplaySimulator(IForecaster baseline, ReplayOptions? options = null)
{
    /// <summary>Closed moves kept as examples per SKU and policy.</summary>
    public const int SampleMovesPerSku = 4;

    private readonly ReplayOptions _options = Validated(options ?? new ReplayOptions());

    public ReplayOptions Options => _options;

    /// <param name="progress">Receives the number of days replayed so far.</param>
    /// <exception cref="ArgumentException">Invalid input (<see cref="ReplayInput.Validate"/>) or no policy.</exception>
    /// <exception cref="UnitConservationException">A unit appeared or vanished (a bug, reported with the SKU and day).</exception>
    public ReplayResult Run(ReplayInput input, IReadOnlyList<ReplayPolicy> policies, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policies);
        input.Validate();
        if (policies.Count == 0 || policies.Distinct().Count() != policies.Count)
        {
            throw new ArgumentException("Give each policy once, at least one.", nameof(policies));
        }

        var network = new ReplayNetwork(input.Network, _options);
        var planner = new ReplenishmentPlanner(input.Network, _options.Planner);
        int horizon = _options.RetrainEveryDays + input.Network.Warehouses.Max(w => planner.WindowDays(w.Id));
        int from = input.ReplayFrom, days = input.ReplayDays, skus = input.Skus.Count;
        var ledgers = new SkuLedger[skus][];
        var starting = new int[skus][];
        Parallel.For(0, skus, Threads(cancellationToken), i =>
        {
            var sku = input.Skus[i];
            starting[i] = sku.StartingStock ?? CentralReplenishment.StartingStock(network, sku.Demand, from, _options);
            ledgers[i] = [.. policies.Select(_ => NewLedger(i))];
        });
        SkuLedger NewLedger(int i) => new(network, _options, input.Skus[i], i, input.Start, starting[i], SampleMovesPerSku);

        var daily = policies.Select(_ => new ReplayDaily(days)).ToArray();
        var gate = new object();
        int oracle = policies.ToList().IndexOf(ReplayPolicy.Oracle);
        if (oracle >= 0)
        {
            var oracles = new OracleCandidates(input, network, planner, _options);
            Parallel.For(0, skus, Threads(cancellationToken), () => new ReplayDaily(days), (i, _, local) =>
            {
                ledgers[i][oracle] = oracles.Best(i, () => NewLedger(i), local);
                return local;
            }, local =>
            {
                lock (gate)
                {
                    daily[oracle].Add(local);
                }
            });
        }

        bool salesOnly = policies.Contains(ReplayPolicy.SalesOnly), anticipatory = policies.Contains(ReplayPolicy.Anticipatory);
        for (int origin = from; origin < input.Days; origin += _options.RetrainEveryDays)
        {
            int end = Math.Min(input.Days, origin + _options.RetrainEveryDays);
            var forecasts = ReplayForecasts.Make(input, baseline, salesOnly, anticipatory, origin, horizon, _options, cancellationToken);
            var abc = AbcClasses(input, origin, _options);
            Parallel.For(0, skus, Threads(cancellationToken), () => policies.Select(_ => new ReplayDaily(days)).ToArray(), (i, _, local) =>
            {
                var sku = input.Skus[i];
                for (int day = origin; day < end; day++)
                {
                    for (int p = 0; p < policies.Count; p++)
                    {
                        if (p == oracle)
                        {
                            continue;
                        }

                        var policy = policies[p];
                        ReplayDay.Run(ledgers[i][p], sku, day, from, _options, local[p], policy, ledger => Decide(policy, ledger, network, planner, sku, i, abc[i], forecasts, day, input));
                    }
                }

                return local;
            }, local =>
            {
                lock (gate)
                {
                    for (int p = 0; p < daily.Length; p++)
                    {
                        daily[p].Add(local[p]);
                    }
                }
            });
            progress?.Report(end - from);
        }

        var outcomes = new List<PolicyOutcome>();
        for (int p = 0; p < policies.Count; p++)
        {
            var totals = new ReplayTotals(network.Warehouses);
            var samples = new List<ReplayMove>();
            for (int i = 0; i < skus; i++)
            {
                ledgers[i][p].Finish();
                totals.Add(ledgers[i][p].Totals);
                samples.AddRange(ledgers[i][p].SampleMoves);
            }

            outcomes.Add(new PolicyOutcome(policies[p], totals, daily[p], samples));
        }

        return new ReplayResult(input.Start.AddDays(from), days, [.. input.Network.Warehouses.Select(w => w.Id)], outcomes);
    }

    private void Decide(ReplayPolicy policy, SkuLedger ledger, ReplayNetwork network, ReplenishmentPlanner planner, ReplaySku sku, int index, char abc,
        ReplayForecasts forecasts, int day, ReplayInput input)
    {
        bool planDay = (day - input.ReplayFrom) % _options.PlanCadenceDays == 0;
        switch (policy)
        {
            case ReplayPolicy.Reactive:
                ReactiveRefill.Apply(ledger, network, sku, day, _options);
                break;
            case ReplayPolicy.SalesOnly or ReplayPolicy.Anticipatory when planDay:
                var (regionForecasts, model) = forecasts.For(policy, index, input.Network, day);
                PlannedMoves.Apply(ledger, planner, network, sku, abc, model, regionForecasts, day, input.Start.AddDays(day));
                break;
        }
    }

    /// <summary>ABC classes by the revenue of the last <see cref="ReplayOptions.DemandLookbackDays"/> before the re-training.</summary>
    internal static char[] AbcClasses(ReplayInput input, int origin, ReplayOptions options)
    {
        var revenue = input.Skus.Select((s, i) =>
        {
            double units = DemandHistory.Mean(s.Demand, [.. Enumerable.Range(0, s.Demand.Length)], origin, options.DemandLookbackDays);
            return (Sku: i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture), Revenue: units * (double)(s.Item.Price ?? 0));
        });
        var classes = AbcClassifier.Classify(revenue, options.Planner);
        return [.. Enumerable.Range(0, input.Skus.Count).Select(i => classes[i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture)])];
    }

    private ParallelOptions Threads(CancellationToken cancellationToken) =>
        new() { CancellationToken = cancellationToken, MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };

    private static ReplayOptions Validated(ReplayOptions options)
    {
        options.Validate();
        return options;
    }
}
