namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>
/// How interest turns into units, learned across every series of a batch: two Poisson regressions per
/// horizon bucket of the units sold in the bucket, exposure the series' recent level, one on sales
/// features only and one adding the interest features (<see cref="IndicatorFeatures"/>). Their ratio is
/// what interest says beyond what sales already say: the uplift applied to the statistical baseline.
/// Trained on origins whose targets end a horizon before the last day; the last horizon is the hold-out
/// that decides whether interest helps at all (<see cref="Useful"/>).
/// </summary>
internal sealed class LeadingIndicatorModel
{
    private readonly double[][] _sales;
    private readonly double[][] _signals;
    private readonly int[] _bounds;
    private readonly TrainingRows _rows;

    private LeadingIndicatorModel(double[][] sales, double[][] signals, int[] bounds, TrainingRows rows, int n, double wapeSales, double wapeSignals, bool useful)
    {
        _sales = sales;
        _signals = signals;
        _bounds = bounds;
        _rows = rows;
        TrainingRows = n;
        ValidationWapeSales = wapeSales;
        ValidationWapeSignals = wapeSignals;
        Useful = useful;
    }

    public int TrainingRows { get; }

    /// <summary>WAPE of the bucket totals at the hold-out origin, sales-only model.</summary>
    public double ValidationWapeSales { get; }

    /// <summary>WAPE of the bucket totals at the hold-out origin, with interest.</summary>
    public double ValidationWapeSignals { get; }

    /// <summary>Interest beat sales alone on the hold-out by the required margin.</summary>
    public bool Useful { get; }

    public IReadOnlyList<double> SignalCoefficients(int bucket) => _signals[bucket];

    public static LeadingIndicatorModel Train(IndicatorPanel panel, int horizon, LeadingIndicatorOptions options, CancellationToken cancellationToken = default)
    {
        int buckets = Math.Min(options.HorizonBuckets, horizon);
        var bounds = Enumerable.Range(0, buckets + 1).Select(b => b * horizon / buckets).ToArray();
        int p = IndicatorFeatures.Count(panel.Columns), ps = IndicatorFeatures.SalesCount;
        long candidates = 0;
        foreach (var e in panel.Series)
        {
            int last = e.Length - (2 * horizon);
            candidates += last >= MinOrigin ? ((last - MinOrigin) / options.OriginStep) + 1 : 0;
        }

        double keep = Math.Min(1, options.MaxTrainingRows / (double)Math.Max(1, candidates));
        double keepMoved = Math.Min(1, 2 * keep);
        var rows = new TrainingRows(panel.Series.Length, p, (int)Math.Min(candidates, (long)(keepMoved * candidates * 1.05) + 1_024));
        var y = new List<double>();
        var offsets = new List<double>();
        var weights = new List<double>();
        var row = new double[p];
        for (int s = 0; s < panel.Series.Length; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var e = panel.Series[s];
            rows.StartSeries(s);
            for (int t = e.Length - (2 * horizon); t >= MinOrigin; t -= options.OriginStep)
            {
                double u = Unit(s, t);
                if (u >= keepMoved)
                {
                    continue;
                }

                IndicatorFeatures.Fill(panel, s, t, row);
                bool moved = Math.Abs(row[ps + (2 * panel.Columns) + 1]) > 0.3 || Math.Abs(row[p - 6]) > 0.3 || Math.Abs(row[p - 1]) > 0.3;
                double probability = moved ? keepMoved : keep;
                if (u >= probability)
                {
                    continue;
                }

                rows.Add(t, row);
                offsets.Add(IndicatorFeatures.Offset(e, t));
                weights.Add(1 / probability);
                for (int b = 0; b < buckets; b++)
                {
                    y.Add(e.Units[t + bounds[b + 1]] - e.Units[t + bounds[b]]);
                }
            }
        }

        rows.StartSeries(panel.Series.Length);
        int n = offsets.Count;
        var xs = new double[n * ps];
        var xAll = rows.Features;
        for (int i = 0; i < n; i++)
        {
            xAll.AsSpan(i * p, ps).CopyTo(xs.AsSpan(i * ps, ps));
        }

        var w = weights.ToArray();
        var sales = new double[buckets][];
        var signals = new double[buckets][];
        Parallel.For(0, 2 * buckets, new ParallelOptions { CancellationToken = cancellationToken }, job =>
        {
            int b = job % buckets;
            var target = new double[n];
            var offset = new double[n];
            for (int i = 0; i < n; i++)
            {
                target[i] = y[(i * buckets) + b];
                offset[i] = offsets[i] + Math.Log(bounds[b + 1] - bounds[b]);
            }

            if (job < buckets)
            {
                sales[b] = PoissonRegression.Fit(xs, ps, target, offset, w, options.Ridge);
            }
            else
            {
                signals[b] = PoissonRegression.Fit(xAll.AsSpan(0, n * p), p, target, offset, w, options.Ridge);
            }
        });

        var model = new LeadingIndicatorModel(sales, signals, bounds, rows, n, 0, 0, false);
        var (wapeSales, wapeSignals) = model.Validate(panel, horizon);
        bool useful = wapeSignals < wapeSales * (1 - options.MinValidationGain);
        return new LeadingIndicatorModel(sales, signals, bounds, rows, n, wapeSales, wapeSignals, useful);

        // A deterministic uniform number per (series, origin): the same batch samples the same rows.
        static double Unit(int s, int t)
        {
            ulong z = ((ulong)(uint)s << 32) ^ (uint)t;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }

    /// <summary>Origins need this many days of history.</summary>
    internal const int MinOrigin = 7;

    /// <summary>A bucket's total from the sales-only and the interest model's totals: interest moves it only as far
    /// as the series' <paramref name="conversion"/> (0 to 1) says its past interest converted.</summary>
    public static double Converted(double sales, double signals, double conversion) => sales * Math.Pow(signals / sales, conversion);

    /// <summary>Steps 0..h split into the model's buckets: bucket b covers [bounds[b], bounds[b + 1]).</summary>
    public IReadOnlyList<int> Bounds => _bounds;

    /// <summary>Expected units per bucket at origin <paramref name="t"/> from the sales-only and the interest model.</summary>
    public void Totals(IndicatorPanel panel, int s, int t, Span<double> row, Span<double> sales, Span<double> signals)
    {
        IndicatorFeatures.Fill(panel, s, t, row);
        double offset = IndicatorFeatures.Offset(panel.Series[s], t);
        for (int b = 0; b < _signals.Length; b++)
        {
            double exposure = offset + Math.Log(_bounds[b + 1] - _bounds[b]);
            sales[b] = Math.Exp(Math.Min(30, exposure + PoissonRegression.Dot(row[..IndicatorFeatures.SalesCount], _sales[b])));
            signals[b] = Math.Exp(Math.Min(30, exposure + PoissonRegression.Dot(row, _signals[b])));
        }
    }

    /// <summary>
    /// How much of the model's uplift this series' own past converted: over its past origins, the
    /// regression of realised log units (against the sales-only model) on predicted log uplift, shrunk
    /// toward 1 by <paramref name="prior"/>, in [0, 1]. A series whose interest spikes never sold drifts to 0.
    /// </summary>
    public double Conversion(IndicatorPanel panel, int s, int horizon, int step, double prior, Span<double> row)
    {
        var e = panel.Series[s];
        double numerator = prior, denominator = prior;
        var known = _rows.Of(s);
        for (int t = e.Length - horizon; t >= MinOrigin; t -= step)
        {
            // Where this origin was a training row its features are already there (the same Fill, the same values).
            int? trained = known.Next(t);
            if (trained is null)
            {
                IndicatorFeatures.Fill(panel, s, t, row);
            }

            ReadOnlySpan<double> features = trained is { } r ? _rows.Row(r) : row;

            double offset = IndicatorFeatures.Offset(e, t), expectedSales = 0, expectedSignals = 0;
            for (int b = 0; b < _sales.Length; b++)
            {
                double exposure = offset + Math.Log(_bounds[b + 1] - _bounds[b]);
                expectedSales += Math.Exp(Math.Min(30, exposure + PoissonRegression.Dot(features[..IndicatorFeatures.SalesCount], _sales[b])));
                expectedSignals += Math.Exp(Math.Min(30, exposure + PoissonRegression.Dot(features, _signals[b])));
            }

            double predicted = Math.Log(expectedSignals / expectedSales);
            double realised = Math.Log((e.Units[t + horizon] - e.Units[t] + 1) / (expectedSales + 1));
            numerator += predicted * realised;
            denominator += predicted * predicted;
        }

        return Math.Clamp(numerator / denominator, 0, 1);
    }

    private (double Sales, double Signals) Validate(IndicatorPanel panel, int horizon)
    {
        double actual = 0, errorSales = 0, errorSignals = 0;
        var row = new double[IndicatorFeatures.Count(panel.Columns)];
        for (int s = 0; s < panel.Series.Length; s++)
        {
            var e = panel.Series[s];
            int t = e.Length - horizon;
            if (t < MinOrigin)
            {
                continue;
            }

            IndicatorFeatures.Fill(panel, s, t, row);
            double offset = IndicatorFeatures.Offset(e, t);
            for (int b = 0; b < _sales.Length; b++)
            {
                double exposure = offset + Math.Log(_bounds[b + 1] - _bounds[b]);
                double y = e.Units[t + _bounds[b + 1]] - e.Units[t + _bounds[b]];
                actual += y;
                errorSales += Math.Abs(y - Math.Exp(Math.Min(30, exposure + PoissonRegression.Dot(row.AsSpan(0, IndicatorFeatures.SalesCount), _sales[b]))));
                errorSignals += Math.Abs(y - Math.Exp(Math.Min(30, exposure + PoissonRegression.Dot(row, _signals[b]))));
            }
        }

        return actual > 0 ? (errorSales / actual, errorSignals / actual) : (double.NaN, double.NaN);
    }
}
