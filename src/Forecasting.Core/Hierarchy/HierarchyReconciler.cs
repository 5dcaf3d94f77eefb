using Forecasting.Core.Trends;

namespace Forecasting.Core.Hierarchy;

/// <summary>
/// Makes the forecasts of every level add up (docs/reconciliation.md).
/// <para>
/// Means. <see cref="ReconciliationMethod.BottomUp"/> keeps the SKU x region forecasts and sums them.
/// <see cref="ReconciliationMethod.MinTShrink"/> cannot take the whole hierarchy at once (100,000 SKUs x 20 regions make
/// 2 million constraints), so it follows the structure: (1) MinT with the shrunk error covariance over the upper levels
/// only, category x region as their bottom and category, region and total above (a few hundred series, using each one's
/// own base forecast); (2) inside every category x region, the reconciled total is shared among its SKU x region
/// forecasts as MinT does for one parent whose value is fixed, i.e. in proportion to each series' row sum of the shrunk
/// covariance (<c>W 1</c>), no series below 0. <see cref="ReconciliationMethod.WlsVariance"/> is the same with a diagonal W.
/// The SKU level (a SKU over every region) is the sum of its SKU x region series in every method. Every parent's mean
/// is, in the end, the sum of its SKU x region means: coherent by construction.
/// </para>
/// <para>
/// Quantiles. A parent's p10-p90 comes from the joint spread of its children, never from summing their quantiles: each
/// SKU x region series' standard deviation is read from its band (<see cref="ForecastSpread.Variance"/>), and a
/// parent's variance is <c>sigma' R* sigma</c> with <c>R*</c> the shrunk correlation of its children's errors
/// (<see cref="ShrunkCovariance.VarianceOfSum"/>): over the SKU x region series of a category x region or a SKU, and over
/// the category x region totals for the category, region and total levels. The quantiles of that mean and variance are
/// read as normal for a large parent and as counts for a small one (<see cref="SumQuantiles"/>), never wider than the
/// sum of the children's p10-p90 widths (the band of children moving as one). A SKU x region series keeps its own quantiles,
/// scaled by the change of its mean.
/// </para>
/// </summary>
public sealed class HierarchyReconciler(ReconciliationMethod method)
{
    public ReconciliationMethod Method { get; } = method;

    /// <summary>Reconciles one run.</summary>
    /// <param name="hierarchy">The structure; its bottom is the order of <paramref name="bottom"/> and <paramref name="errors"/>.</param>
    /// <param name="bottom">Base forecasts of the SKU x region series, all of one horizon.</param>
    /// <param name="errors">In-sample errors of each SKU x region series (<see cref="ForecastErrors"/>), all of one length.</param>
    /// <param name="upper">Base forecasts of the category x region, category, region and total series (MinT and WLS; a
    /// missing one is taken as the sum of its SKU x region forecasts).</param>
    /// <returns>Every level, bottom first.</returns>
    public IReadOnlyList<LevelForecast> Reconcile(ForecastHierarchy hierarchy, IReadOnlyList<LevelForecast> bottom, IReadOnlyList<double[]> errors,
        IReadOnlyDictionary<HierarchyKey, LevelForecast>? upper = null)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(bottom);
        ArgumentNullException.ThrowIfNull(errors);
        if (bottom.Count != hierarchy.Bottom.Count || errors.Count != bottom.Count)
        {
            throw new ArgumentException($"Expected {hierarchy.Bottom.Count} base forecasts and error series, got {bottom.Count} and {errors.Count}.");
        }

        int horizon = bottom.Count == 0 ? 0 : bottom[0].Horizon;
        var sigma = bottom.Select(f => Enumerable.Range(0, horizon).Select(h => Math.Sqrt(ForecastSpread.Variance(f.P10[h], f.P90[h]))).ToArray()).ToList();
        var cells = hierarchy.Level(HierarchyLevel.CategoryRegion);
        var cellCovariances = cells.Select(c => new ShrunkCovariance([.. c.Members.Select(i => errors[i])], Method == ReconciliationMethod.WlsVariance ? 1 : null)).ToList();
        var means = Method == ReconciliationMethod.BottomUp
            ? [.. bottom.Select(f => f.Mean)]
            : Distribute(hierarchy, bottom, errors, upper ?? new Dictionary<HierarchyKey, LevelForecast>(), cellCovariances, horizon);

        var result = new List<LevelForecast>(bottom.Count * 2);
        for (int i = 0; i < bottom.Count; i++)
        {
            result.Add(Shifted(bottom[i], means[i]));
        }

        foreach (var (key, members) in hierarchy.Level(HierarchyLevel.Sku))
        {
            var covariance = new ShrunkCovariance([.. members.Select(i => errors[i])], Method == ReconciliationMethod.WlsVariance ? 1 : null);
            result.Add(Parent(key, members, result, h => covariance.VarianceOfSum([.. members.Select(i => sigma[i][h])]), horizon));
        }

        var cellSigma = new double[cells.Count][];
        for (int c = 0; c < cells.Count; c++)
        {
            var (key, members) = cells[c];
            var covariance = cellCovariances[c];
            var variances = Enumerable.Range(0, horizon).Select(h => covariance.VarianceOfSum([.. members.Select(i => sigma[i][h])])).ToArray();
            cellSigma[c] = [.. variances.Select(Math.Sqrt)];
            result.Add(Parent(key, members, result, h => variances[h], horizon));
        }

        var cellErrors = hierarchy.Sum(HierarchyLevel.CategoryRegion, errors).Select(c => c.Values).ToList();
        var between = new ShrunkCovariance(cellErrors, Method == ReconciliationMethod.WlsVariance ? 1 : null);
        var cellOf = new Dictionary<int, int>();
        for (int c = 0; c < cells.Count; c++)
        {
            foreach (int i in cells[c].Members)
            {
                cellOf[i] = c;
            }
        }

        foreach (var level in new[] { HierarchyLevel.Category, HierarchyLevel.Region, HierarchyLevel.Total })
        {
            foreach (var (key, members) in hierarchy.Level(level))
            {
                var inside = members.Select(i => cellOf[i]).ToHashSet();
                result.Add(Parent(key, members, result, h =>
                {
                    var s = new double[cells.Count];
                    foreach (int c in inside)
                    {
                        s[c] = cellSigma[c][h];
                    }

                    return between.VarianceOfSum(s);
                }, horizon));
            }
        }

        return result;
    }

    private static LevelForecast Shifted(LevelForecast f, double[] mean)
    {
        if (ReferenceEquals(mean, f.Mean))
        {
            return f;
        }

        // Scaled with the mean where it had one, so a band starting at 0 (an intermittent series) still starts at 0; moved
        // where the mean was 0.
        int horizon = mean.Length;
        double[] Move(double[] q) => [.. Enumerable.Range(0, horizon).Select(h => f.Mean[h] > 1e-12 ? q[h] * mean[h] / f.Mean[h] : Math.Max(0, q[h] + mean[h] - f.Mean[h]))];
        return f with { Mean = mean, P10 = Move(f.P10), P50 = Move(f.P50), P90 = Move(f.P90) };
    }

    /// <param name="bottom">The SKU x region forecasts as reconciled: the first entries of the result.</param>
    private static LevelForecast Parent(HierarchyKey key, int[] members, IReadOnlyList<LevelForecast> bottom, Func<int, double> variance, int horizon)
    {
        var mean = new double[horizon];
        var p10 = new double[horizon];
        var p50 = new double[horizon];
        var p90 = new double[horizon];
        for (int h = 0; h < horizon; h++)
        {
            double lowest = 0, highest = 0;
            foreach (int i in members)
            {
                mean[h] += bottom[i].Mean[h];
                lowest += bottom[i].P10[h];
                highest += bottom[i].P90[h];
            }

            // The sums of the children's quantiles are the band of children moving as one (comonotonic): a joint spread
            // read as counts (SumQuantiles, integer quantiles of a skewed law) may not come out wider than that band, so a
            // wider one is narrowed to its width, both ends toward the mean in proportion.
            (p10[h], p50[h], p90[h]) = SumQuantiles.Of(mean[h], variance(h));
            double width = p90[h] - p10[h], widest = Math.Max(0, highest - lowest);
            if (width > widest && width > 0)
            {
                double k = widest / width;
                (p10[h], p90[h]) = (mean[h] - ((mean[h] - p10[h]) * k), mean[h] + ((p90[h] - mean[h]) * k));
                p50[h] = Math.Clamp(p50[h], p10[h], p90[h]);
            }
        }

        return new LevelForecast(key, mean, p10, p50, p90);
    }

    /// <summary>Stage 1 (MinT over category x region and above) and stage 2 (each cell's total shared among its series).</summary>
    private List<double[]> Distribute(ForecastHierarchy hierarchy, IReadOnlyList<LevelForecast> bottom, IReadOnlyList<double[]> errors,
        IReadOnlyDictionary<HierarchyKey, LevelForecast> upper, List<ShrunkCovariance> cellCovariances, int horizon)
    {
        var bottomMeans = bottom.Select(f => f.Mean).ToList();
        var levels = new[] { HierarchyLevel.CategoryRegion, HierarchyLevel.Category, HierarchyLevel.Region, HierarchyLevel.Total };
        var nodes = levels.SelectMany(hierarchy.Level).ToList();
        var index = nodes.Select((n, i) => (n.Key, i)).ToDictionary(p => p.Key, p => p.i);
        var summed = levels.SelectMany(l => hierarchy.Sum(l, bottomMeans)).ToList();
        var baseMeans = summed.Select(n => upper.TryGetValue(n.Key, out var f) ? f.Mean : n.Values).ToList();
        var nodeErrors = levels.SelectMany(l => hierarchy.Sum(l, errors)).Select(n => n.Values).ToList();
        var covariance = new ShrunkCovariance(nodeErrors, Method == ReconciliationMethod.WlsVariance ? 1 : null);
        var cells = hierarchy.Level(HierarchyLevel.CategoryRegion);
        var cellIndex = cells.Select((c, i) => (c.Members, i)).SelectMany(p => p.Members.Select(m => (m, p.i))).ToDictionary(p => p.m, p => p.i);
        var parents = nodes.Where(n => n.Key.Level != HierarchyLevel.CategoryRegion)
            .Select(n => (index[n.Key], n.Members.Select(m => cellIndex[m]).Distinct().Order().ToArray())).ToList();
        var dense = new double[nodes.Count, nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                dense[i, j] = dense[j, i] = covariance.Entry(i, j);
            }
        }

        var mint = new MinTrace(nodes.Count, parents, (i, j) => dense[i, j]);
        var targets = new double[cells.Count, horizon];
        var step = new double[nodes.Count];
        for (int h = 0; h < horizon; h++)
        {
            for (int i = 0; i < nodes.Count; i++)
            {
                step[i] = baseMeans[i][h];
            }

            var reconciled = mint.Reconcile(step);
            for (int c = 0; c < cells.Count; c++)
            {
                targets[c, h] = Math.Max(0, reconciled[c]); // cells come first in nodes
            }
        }

        var means = bottomMeans.Select(m => (double[])m.Clone()).ToList();
        for (int c = 0; c < cells.Count; c++)
        {
            var members = cells[c].Members;
            var shares = new CellShares(cellCovariances[c]);
            for (int h = 0; h < horizon; h++)
            {
                var values = members.Select(i => bottomMeans[i][h]).ToArray();
                shares.ShareInPlace(values, targets[c, h]);
                for (int k = 0; k < members.Length; k++)
                {
                    means[members[k]][h] = values[k];
                }
            }
        }

        return means;
    }
}
