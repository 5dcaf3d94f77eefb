namespace Forecasting.Core.Ssa;

/// <summary>
/// Trains an SSA model exactly as ML.NET's <c>ForecastBySsa</c> does (ssa-spec.md sections 2 and 3),
/// in double precision: the reference numbers of the spec's section 6 are reproduced by the tests. Use
/// it for equivalence with ML.NET; the improved SSA is the product's default.
/// </summary>
public static class MlNetSsa
{
    public static SsaModel Fit(ReadOnlySpan<double> values, MlNetSsaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // 2.1: the first TrainSize non-NaN values (NaN are dropped, closing the gap, as ML.NET does).
        var x = new List<double>(options.TrainSize);
        foreach (double v in values)
        {
            if (x.Count == options.TrainSize)
            {
                break;
            }

            if (!double.IsNaN(v))
            {
                x.Add(v);
            }
        }

        int window = options.WindowSize;
        if (x.Count <= 2 * window)
        {
            return Untrained(window);
        }

        int maxRank = options.MaxRank ?? window - 1;
        return Train([.. x], window, maxRank, options);
    }

    private static SsaModel Untrained(int window) =>
        new(window, 0, new double[window - 1], new double[window - 1], [], 0, 0, trained: false, intervals: false);

    private static SsaModel Train(double[] x, int window, int maxRank, MlNetSsaOptions options)
    {
        while (true)
        {
            int n = x.Length, l = window;
            var covariance = new double[l * l];
            Trajectory.LagCovariance(x, l, covariance);
            var eigenvalues = new double[l];
            var vectors = new double[l * l];
            bool converged = new SymmetricEigenSolver(l).Decompose(covariance, l, eigenvalues, vectors);

            bool naive = !converged || HasNaN(vectors.AsSpan(0, Math.Min(maxRank, l) * l));
            if (!naive)
            {
                // 2.4: a standard-basis eigenvector (last component exactly +-1) shrinks the window.
                bool standardBasis = false;
                for (int i = 0; i < l && !standardBasis; i++)
                {
                    double last = vectors[(i * l) + l - 1];
                    standardBasis = last * last == 1;
                }

                if (standardBasis)
                {
                    if (l > 2)
                    {
                        window = l - 1;
                        maxRank = window / 2;
                        continue;
                    }

                    naive = true;
                }
            }

            int rank;
            double[] basis;
            if (naive)
            {
                rank = 1;
                basis = new double[l];
                Array.Fill(basis, 1 / Math.Sqrt(l));
            }
            else
            {
                rank = options.RankSelection switch
                {
                    SsaRankSelection.Exact => SsaRankSearch.Exact(x, l, vectors, maxRank),
                    SsaRankSelection.Fast => SsaRankSearch.Fast(x, l, vectors, maxRank),
                    _ => options.Rank ?? maxRank,
                };
                basis = vectors.AsSpan(0, rank * l).ToArray();
            }

            var a = new double[l - 1];
            Trajectory.RecurrenceCoefficients(basis, rank, l, a);
            if (options.Stabilize && !naive)
            {
                double rho = options.MaxGrowth is { } growth ? Math.Pow(growth.Growth, 1.0 / growth.TimeSpan) : double.PositiveInfinity;
                MlNetStabilizer.Stabilize(a, l, rho); // on failure ML.NET warns and keeps the unstabilised a
            }

            double observationVariance = 0, arVariance = 0;
            if (options.ComputeIntervals)
            {
                bool exactSignal = options.RankSelection == SsaRankSelection.Exact;
                (observationVariance, arVariance) = NoiseMoments(x, l, basis, rank, a, exactSignal);
            }

            // 2.9: state = projection of the last L values without its oldest component.
            var projection = new double[l];
            Trajectory.Project(basis, rank, x.AsSpan(n - l, l), projection);
            var state = projection.AsSpan(1).ToArray();
            return new SsaModel(l, rank, a, state, basis, observationVariance, arVariance, trained: true, options.ComputeIntervals);
        }
    }

    /// <summary>2.8: observation and recurrence noise variances (means computed then discarded, as ML.NET does).</summary>
    private static (double Observation, double Ar) NoiseMoments(double[] x, int l, double[] basis, int rank, double[] a, bool exactSignal)
    {
        int n = x.Length;
        double[] signal;
        int offset;
        if (exactSignal)
        {
            signal = new double[n];
            var w = new double[n - l + 1];
            for (int i = 0; i < rank; i++)
            {
                var u = basis.AsSpan(i * l, l);
                Trajectory.TransposeTimes(x, u, w);
                Trajectory.AddDiagonalAverage(u, w, signal);
            }

            offset = 0;
        }
        else
        {
            // Tail of length 2L-1 aligned to x[N-2L+1 .. N-1], from two projected lag vectors.
            signal = new double[(2 * l) - 1];
            offset = n - (2 * l) + 1;
            var first = new double[l];
            var second = new double[l];
            Trajectory.Project(basis, rank, x.AsSpan(offset, l), first);
            Trajectory.Project(basis, rank, x.AsSpan(n - l, l), second);
            for (int j = 0; j < l - 1; j++)
            {
                signal[j] = first[j];
                signal[l + j] = second[j + 1];
            }

            signal[l - 1] = (first[l - 1] + second[0]) / 2;
        }

        double sum = 0, sumSquares = 0;
        for (int t = 0; t < signal.Length; t++)
        {
            double e = x[offset + t] - signal[t];
            sum += e;
            sumSquares += e * e;
        }

        double meanError = sum / signal.Length;
        double observation = (sumSquares / signal.Length) - (meanError * meanError);

        int k = signal.Length - l + 1;
        var q = new double[k];
        double qMean = 0;
        for (int i = 0; i < k; i++)
        {
            double predicted = 0;
            for (int j = 0; j < l - 1; j++)
            {
                predicted += a[j] * signal[i + j];
            }

            q[i] = signal[i + l - 1] - predicted;
            qMean += q[i];
        }

        qMean /= k;
        double deviations = 0;
        foreach (double value in q)
        {
            deviations += (value - qMean) * (value - qMean);
        }

        return (observation, deviations / (k - l + 1));
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }
}
