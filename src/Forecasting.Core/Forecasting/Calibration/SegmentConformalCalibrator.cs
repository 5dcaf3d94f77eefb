using Forecasting.Core.Forecasting.Selection;

namespace Forecasting.Core.Forecasting.Calibration;

/// <summary>Which cross-validation errors an automatic pipeline calibrates on.</summary>
public enum CalibrationResiduals
{
    /// <summary>The chosen model's errors at the origins it was chosen on (too small: it won on them).</summary>
    Chosen,

    /// <summary>At each origin, the errors of the model the other origins would have chosen (too large where
    /// candidates are near-tied: the pick on two origins is noisier than on three).</summary>
    HeldOutSelection,

    /// <summary>Both sets pooled, each point counted once with each.</summary>
    Both,
}

/// <summary>Settings of <see cref="SegmentConformalCalibrator"/>.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Errors the automatic pipeline fits the calibrator on.</summary>
    /// <value><see cref="CalibrationResiduals.Both"/>.</value>
    public CalibrationResiduals Residuals { get; init; } = CalibrationResiduals.Both;

    /// <summary>
    /// Calibration points (series x origin x step) a segment needs to be fitted on its own; a smaller segment
    /// takes the offsets of the coarser one (without its demand class, then without its volume class, then
    /// the whole batch). With fewer points than this in the whole batch the forecasts are left as they are.
    /// </summary>
    /// <value>200.</value>
    public int MinSegmentPoints { get; init; } = 200;

    /// <summary>
    /// Whether a bound clamped at 0 is judged at the forecast's own mean (true) or at each validation origin's
    /// (false). A y of 0 falls under the lower bound max(0, m + s offset) only where that bound is above 0: with
    /// true, the share of such misses the band will have is counted with the final forecast's mean, for a model
    /// whose past-origin means are not its final one's (the leading indicator's bucket totals at past origins);
    /// the automatic pipeline's default false is the origin's own mean.
    /// </summary>
    /// <value>false.</value>
    public bool ClampAtForecast { get; init; }

    public void Validate()
    {
        if (MinSegmentPoints < 10)
        {
            throw new ArgumentException($"Calibration MinSegmentPoints must be at least 10 (was {MinSegmentPoints}).", nameof(MinSegmentPoints));
        }
    }
}

/// <summary>
/// Split-conformal calibration of forecast quantiles per <see cref="CalibrationSegment"/> (volume class,
/// demand class, horizon bucket), fitted on cross-validation errors and applicable to any model's forecast.
/// <para>
/// Method (normalised conformal, Lei et al. 2018, section 5.2): each (series, origin, step) gives a score
/// z = (y - m) / s, where m is the model's point forecast at that origin (clamped at 0 for demand) and s the
/// series' scale at that step, taken from its forecast: (q_hi - q_lo) / (z_hi - z_lo) of the outermost
/// quantile levels, or the series' mean absolute cross-validation error where that spread is 0. A segment's
/// offset for level p is the empirical p-quantile of its scores (widened by (n + 1) / n); the calibrated
/// quantile is m + s x offset. For a pair of levels p and 1 - p the upper offset absorbs what the lower one
/// cannot miss: where the lower quantile is clamped at 0 (most intermittent series) nothing falls below it,
/// so the upper one targets 1 - p + (p - observed lower misses), which keeps the interval's coverage at
/// 1 - 2p instead of 1 - p.
/// </para>
/// </summary>
/// <remarks>Immutable once fitted and thread-safe. Fitting sorts each segment's scores: O(n log n) in the points.</remarks>
public sealed class SegmentConformalCalibrator
{
    private const int Volumes = 4, Demands = 5, Buckets = 4; // the last of each is "any"

    private readonly double[][]? _offsets; // by fine segment index, then level
    private readonly IReadOnlyList<double> _levels;
    private readonly bool _nonNegative;
    private readonly int _lo, _hi;

    private SegmentConformalCalibrator(double[][]? offsets, IReadOnlyList<double> levels, bool nonNegative, int[] pointsBySegment)
    {
        _offsets = offsets;
        _levels = levels;
        _nonNegative = nonNegative;
        (_lo, _hi) = OuterLevels(levels);
        PointsBySegment = pointsBySegment;
    }

    /// <summary>False when the batch had too few calibration points: <see cref="Apply"/> then returns forecasts unchanged.</summary>
    public bool IsFitted => _offsets is not null;

    /// <summary>Calibration points per fine segment (index <see cref="Index"/>), for reporting.</summary>
    public IReadOnlyList<int> PointsBySegment { get; }

    /// <summary>Fits the offsets on <paramref name="samples"/> for the levels and clamping of <paramref name="request"/>.</summary>
    public static SegmentConformalCalibrator Fit(IReadOnlyList<CalibrationSample> samples, ForecastRequest request, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new CalibrationOptions();
        options.Validate();
        var levels = request.QuantileLevels;
        var (lo, hi) = OuterLevels(levels);
        var groups = new List<(double Z, double A, double Clamp)>[Volumes * Demands * Buckets];
        for (int g = 0; g < groups.Length; g++)
        {
            groups[g] = [];
        }

        foreach (var sample in samples)
        {
            AddScores(sample, request.NonNegative, options.ClampAtForecast, lo, hi, groups);
        }

        var counts = groups.Select(g => g.Count).ToArray();
        var all = groups.SelectMany(g => g).ToList();
        if (lo < 0 || all.Count < options.MinSegmentPoints)
        {
            return new SegmentConformalCalibrator(null, levels, request.NonNegative, counts);
        }

        var offsets = new double[groups.Length][];
        var cache = new Dictionary<int, double[]>();
        for (int v = 0; v < Volumes - 1; v++)
        {
            for (int d = 0; d < Demands - 1; d++)
            {
                for (int b = 0; b < Buckets - 1; b++)
                {
                    offsets[Index(v, d, b)] = Resolve(v, d, b);
                }
            }
        }

        return new SegmentConformalCalibrator(offsets, levels, request.NonNegative, counts);

        double[] Resolve(int v, int d, int b)
        {
            // Finest segment with enough points: drop the demand class first, then the volume class, then the bucket.
            foreach (var (vv, dd, bb) in new[] { (v, d, b), (v, Demands - 1, b), (Volumes - 1, Demands - 1, b), (Volumes - 1, Demands - 1, Buckets - 1) })
            {
                int key = Index(vv, dd, bb);
                if (cache.TryGetValue(key, out var known))
                {
                    return known;
                }

                var points = Gather(vv, dd, bb);
                if (points.Count >= options.MinSegmentPoints || bb == Buckets - 1)
                {
                    return cache[key] = Offsets(points, levels, request.NonNegative);
                }
            }

            throw new InvalidOperationException("unreachable: the whole batch is always a segment");
        }

        List<(double Z, double A, double Clamp)> Gather(int v, int d, int b)
        {
            var points = new List<(double Z, double A, double Clamp)>();
            for (int vi = 0; vi < Volumes - 1; vi++)
            {
                for (int di = 0; di < Demands - 1; di++)
                {
                    for (int bi = 0; bi < Buckets - 1; bi++)
                    {
                        if ((v == Volumes - 1 || v == vi) && (d == Demands - 1 || d == di) && (b == Buckets - 1 || b == bi))
                        {
                            points.AddRange(groups[Index(vi, di, bi)]);
                        }
                    }
                }
            }

            return points;
        }
    }

    /// <summary>Index of a fine segment in <see cref="PointsBySegment"/>.</summary>
    public static int Index(VolumeClass volume, DemandClass demand, HorizonBucket bucket) => Index((int)volume, (int)demand, (int)bucket);

    /// <summary>The fitted offsets (in units of the series' scale) per quantile level of a segment; null when not fitted.</summary>
    public IReadOnlyList<double>? OffsetsOf(CalibrationSegment segment) => _offsets?[Index(segment.Volume, segment.Demand, segment.Horizon)];

    /// <summary>
    /// The forecast with its quantiles replaced by calibrated ones (mean, key and model unchanged).
    /// <paramref name="residualScale"/> is the series' mean absolute cross-validation error (0 if unknown),
    /// used as the scale where the forecast's quantile spread is 0.
    /// </summary>
    public SeriesForecast Apply(SeriesForecast forecast, VolumeClass volume, DemandClass demand, double residualScale)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        if (_offsets is null || forecast.QuantileLevels.Count != _levels.Count)
        {
            return forecast;
        }

        int h = forecast.Horizon, levels = _levels.Count;
        var quantiles = new double[levels * h];
        var mean = forecast.Mean;
        for (int t = 0; t < h; t++)
        {
            double s = Scale(forecast, t, _lo, _hi, residualScale);
            var offsets = _offsets[Index((int)volume, (int)demand, (int)CalibrationSegment.BucketOf(t, h))];
            for (int l = 0; l < levels; l++)
            {
                double value = mean[t] + (s * offsets[l]);
                quantiles[(l * h) + t] = _nonNegative ? Math.Max(0, value) : value;
            }
        }

        return new SeriesForecast(forecast.Key, forecast.Model, forecast.Granularity, forecast.FirstTarget, mean.ToArray(), forecast.QuantileLevels, quantiles) { Choice = forecast.Choice };
    }

    /// <summary>Mean absolute error of the cross-validation points of a sample (0 when it has none).</summary>
    public static double ResidualScale(ReadOnlySpan<double> originActuals, ReadOnlySpan<double> originMeans, bool nonNegative)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < originActuals.Length; i++)
        {
            if (!double.IsNaN(originActuals[i]))
            {
                sum += Math.Abs(originActuals[i] - (nonNegative ? Math.Max(0, originMeans[i]) : originMeans[i]));
                n++;
            }
        }

        return n == 0 ? 0 : sum / n;
    }

    private static int Index(int volume, int demand, int bucket) => (((volume * Demands) + demand) * Buckets) + bucket;

    private static void AddScores(CalibrationSample sample, bool nonNegative, bool clampAtForecast, int lo, int hi, List<(double Z, double A, double Clamp)>[] groups)
    {
        var f = sample.Forecast;
        int h = f.Horizon;
        if (lo < 0 || h == 0 || sample.OriginActuals.Length != sample.OriginMeans.Length || sample.OriginActuals.Length % h != 0)
        {
            return;
        }

        double residualScale = ResidualScale(sample.OriginActuals, sample.OriginMeans, nonNegative);
        for (int t = 0; t < h; t++)
        {
            double s = Scale(f, t, lo, hi, residualScale);
            if (!(s > 0) || !double.IsFinite(s))
            {
                continue; // a flat zero series: nothing to learn about spread
            }

            var group = groups[Index((int)sample.Volume, (int)sample.Demand, (int)CalibrationSegment.BucketOf(t, h))];
            double final = nonNegative ? Math.Max(0, f.Mean[t]) : f.Mean[t];
            for (int j = t; j < sample.OriginActuals.Length; j += h)
            {
                double y = sample.OriginActuals[j];
                if (double.IsNaN(y))
                {
                    continue;
                }

                double m = nonNegative ? Math.Max(0, sample.OriginMeans[j]) : sample.OriginMeans[j];
                if (double.IsFinite(m))
                {
                    group.Add(((y - m) / s, m / s, (clampAtForecast ? final : m) / s));
                }
            }
        }
    }

    private static double Scale(SeriesForecast forecast, int step, int lo, int hi, double residualScale)
    {
        if (lo >= 0)
        {
            double spread = forecast.Quantile(hi)[step] - forecast.Quantile(lo)[step];
            double z = NormalDistribution.InverseCdf(forecast.QuantileLevels[hi]) - NormalDistribution.InverseCdf(forecast.QuantileLevels[lo]);
            if (spread > 1e-9)
            {
                return spread / z;
            }
        }

        return residualScale;
    }

    private static double[] Offsets(List<(double Z, double A, double Clamp)> points, IReadOnlyList<double> levels, bool nonNegative)
    {
        var sorted = points.Select(p => p.Z).ToArray();
        Array.Sort(sorted);
        int n = sorted.Length;
        var offsets = new double[levels.Count];
        var lowerMisses = new Dictionary<int, double>();
        for (int l = 0; l < levels.Count; l++)
        {
            double p = levels[l];
            int partner = SeriesForecast.IndexOfLevel(levels, 1 - p);
            double target = p;
            if (p > 0.5 && partner >= 0 && lowerMisses.TryGetValue(partner, out double missed))
            {
                target = p - (levels[partner] - missed);
            }

            offsets[l] = Ssa.SsaEngine.EmpiricalQuantile(sorted, Math.Clamp(0.5 + ((target - 0.5) * (n + 1) / n), 0, 1));
            if (p < 0.5)
            {
                lowerMisses[l] = LowerMisses(points, offsets[l], nonNegative);
            }
        }

        for (int l = 1; l < offsets.Length; l++)
        {
            offsets[l] = Math.Max(offsets[l], offsets[l - 1]);
        }

        // The upper offset is a quantile of the origins' scores, but its misses are counted where the bound will be: where
        // that bound is clamped at 0 (judged at the forecast), every 0 is inside and the top of the band misses less than
        // it should, so the band over-covers (integer demand that mostly sells nothing); the lower bound, up to the
        // median's, then takes the misses left.
        for (int l = 0; l < levels.Count && levels[l] < 0.5; l++)
        {
            int partner = SeriesForecast.IndexOfLevel(levels, 1 - levels[l]);
            if (!nonNegative || partner < 0)
            {
                continue;
            }

            double wanted = 1 - (levels[partner] - levels[l]) - UpperMisses(points, offsets[partner]);
            if (LowerMisses(points, offsets[l], nonNegative) + 0.005 < wanted)
            {
                double low = offsets[l], high = offsets[l + 1];
                for (int i = 0; i < 24; i++)
                {
                    double middle = (low + high) / 2;
                    (low, high) = LowerMisses(points, middle, nonNegative) < wanted ? (middle, high) : (low, middle);
                }

                offsets[l] = low;
            }
        }

        return offsets;
    }

    /// <summary>Share of the points under the bound m + s offset, where y &gt;= 0 can be under it only when the final forecast's bound,
    /// max(0, final + s offset), is above 0: whether the bound is clamped is the forecast's, not the origin's (the scores keep the
    /// origin's mean, so a level that moved since the origin does not count as a miss).</summary>
    private static double LowerMisses(List<(double Z, double A, double Clamp)> points, double offset, bool nonNegative)
    {
        int below = 0;
        foreach (var (z, a, clamp) in points)
        {
            below += z < offset && (!nonNegative || clamp + offset > 0) ? 1 : 0;
        }

        return below / (double)points.Count;
    }

    /// <summary>Share of the points above the bound m + s offset, or above 0 where the final forecast's bound is clamped there.</summary>
    private static double UpperMisses(List<(double Z, double A, double Clamp)> points, double offset)
    {
        int above = 0;
        foreach (var (z, a, clamp) in points)
        {
            above += z > (clamp + offset < 0 ? -a : offset) ? 1 : 0;
        }

        return above / (double)points.Count;
    }

    /// <summary>Indices of the lowest level under 0.5 and the highest above it, or (-1, -1).</summary>
    private static (int Lo, int Hi) OuterLevels(IReadOnlyList<double> levels) =>
        levels.Count >= 2 && levels[0] < 0.5 && levels[^1] > 0.5 ? (0, levels.Count - 1) : (-1, -1);
}
