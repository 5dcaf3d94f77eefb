namespace Forecasting.Core.Ssa;

/// <summary>
/// An SSA decomposition of one series for reading, not forecasting (ssa-spec.md sections 2.1-2.4): the eigenvalues of
/// the lag-covariance of window L, the elementary reconstructed components (each eigentriple's rank-one term of the
/// trajectory matrix, diagonally averaged back to a series) and their w-correlations. The elementary components add
/// up to the series exactly; grouping them (trend, seasonal pairs, noise) is the analyst's reading.
/// </summary>
/// <param name="Window">L.</param>
/// <param name="EigenValues">Of H H^T, descending (all L of them).</param>
/// <param name="Components">The first <c>Components.Count</c> elementary reconstructed series, each as long as the series.</param>
/// <param name="WCorrelations">W-correlation of components i and j (row-major, Components.Count squared).</param>
public sealed record SsaDecomposition(int Window, IReadOnlyList<double> EigenValues, IReadOnlyList<double[]> Components, double[] WCorrelations)
{
    /// <summary>Share of the trajectory's squared norm carried by eigentriple <paramref name="index"/>.</summary>
    public double Share(int index) => EigenValues[index] / Math.Max(double.Epsilon, EigenValues.Sum(v => Math.Max(0, v)));

    /// <summary>|w-correlation| of components <paramref name="i"/> and <paramref name="j"/>: near 1, one
    /// component split in two (a seasonal pair); near 0, separable.</summary>
    public double WCorrelation(int i, int j) => WCorrelations[(i * Components.Count) + j];

    /// <summary>Decomposes <paramref name="series"/> (no NaN) with window <paramref name="window"/>, reconstructing the
    /// first <paramref name="components"/> eigentriples.</summary>
    /// <exception cref="ArgumentException">The window is not in 2..N-1, or a value is not finite.</exception>
    public static SsaDecomposition Of(ReadOnlySpan<double> series, int window, int components)
    {
        int n = series.Length;
        if (window < 2 || window >= n)
        {
            throw new ArgumentException($"the window must be between 2 and the series length - 1 ({n - 1}); was {window}", nameof(window));
        }

        foreach (double v in series)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("the series must have finite values only (impute gaps first)", nameof(series));
            }
        }

        int l = window, k = n - l + 1, count = Math.Clamp(components, 1, l);
        var covariance = new double[l * l];
        Trajectory.LagCovariance(series, l, covariance);
        var values = new double[l];
        var vectors = new double[l * l];
        if (!new SymmetricEigenSolver(l).Decompose(covariance, l, values, vectors))
        {
            throw new ArithmeticException("the eigen-decomposition did not converge");
        }

        var reconstructed = new double[count][];
        var w = new double[k];
        for (int r = 0; r < count; r++)
        {
            var u = vectors.AsSpan(r * l, l);
            Trajectory.TransposeTimes(series, u, w);
            reconstructed[r] = new double[n];
            Trajectory.AddDiagonalAverage(u, w, reconstructed[r]);
        }

        return new SsaDecomposition(l, values, reconstructed, WCorrelationMatrix(reconstructed, l, k));
    }

    /// <summary>Golyandina's w-correlation: the inner product weighted by how many times each point appears in the
    /// trajectory matrix, w_t = min(t + 1, L, K, N - t).</summary>
    private static double[] WCorrelationMatrix(double[][] components, int l, int k)
    {
        int count = components.Length, n = components[0].Length;
        var weights = new double[n];
        for (int t = 0; t < n; t++)
        {
            weights[t] = Math.Min(Math.Min(t + 1, Math.Min(l, k)), n - t);
        }

        double Inner(double[] a, double[] b)
        {
            double sum = 0;
            for (int t = 0; t < n; t++)
            {
                sum += weights[t] * a[t] * b[t];
            }

            return sum;
        }

        var norms = components.Select(c => Math.Sqrt(Inner(c, c))).ToArray();
        var matrix = new double[count * count];
        for (int i = 0; i < count; i++)
        {
            for (int j = i; j < count; j++)
            {
                double value = norms[i] > 0 && norms[j] > 0 ? Math.Abs(Inner(components[i], components[j])) / (norms[i] * norms[j]) : 0;
                matrix[(i * count) + j] = value;
                matrix[(j * count) + i] = value;
            }
        }

        return matrix;
    }
}

/// <summary>What the product's SSA chose for a series: the window and rank of its validated basis.</summary>
public readonly record struct SsaChoice(int Window, int Rank);

/// <summary>The product's SSA choice for one series, for diagnostics (the notebooks, reports).</summary>
public static class SsaDiagnostics
{
    /// <summary>The window and rank <see cref="SsaForecaster"/> validates for <paramref name="history"/> at
    /// <paramref name="horizon"/>; null when it falls back (a history too short for any window).</summary>
    public static SsaChoice? Choose(ReadOnlySpan<double> history, int horizon, int seasonHint, SsaOptions? options = null)
    {
        var o = options ?? new SsaOptions();
        o.Validate();
        var workspace = new SsaWorkspace(Math.Max(o.MaxWindow, o.Window ?? 0));
        var result = SsaEngine.Forecast(history, horizon, seasonHint, [0.5], nonNegative: true, o, workspace);
        return result.Ok ? new SsaChoice(result.Window, result.Rank) : null;
    }
}
