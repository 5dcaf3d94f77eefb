namespace Forecasting.Core.Hierarchy;

/// <summary>
/// MinT reconciliation (Wickramasuriya, Athanasopoulos and Hyndman 2019) in its constraint form: with the aggregation
/// constraints <c>A y = 0</c> (one row per parent: the parent minus its children) and the base forecast errors'
/// covariance <c>W</c>, the reconciled forecasts are <c>y~ = y^ - W A' (A W A')^-1 A y^</c>, the projection of the base
/// forecasts onto the coherent ones that minimises the trace of the reconciled error covariance. It equals the usual
/// <c>S (S' W^-1 S)^-1 S' W^-1 y^</c> and needs only a k x k solve for k parents, not the inverse of W.
/// </summary>
public sealed class MinTrace
{
    private readonly int _n;
    private readonly IReadOnlyList<(int Parent, int[] Children)> _parents;
    private readonly double[,] _wa; // W A': n x k
    private readonly double[,] _awa; // A W A': k x k

    /// <param name="series">Series in the hierarchy (parents and children): the order of W's rows.</param>
    /// <param name="parents">For each parent, its index and its children's indices.</param>
    /// <param name="covariance">W as a function of (row, column); read once here.</param>
    public MinTrace(int series, IReadOnlyList<(int Parent, int[] Children)> parents, Func<int, int, double> covariance)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(covariance);
        _n = series;
        _parents = parents;
        int k = parents.Count;
        _wa = new double[series, k];
        for (int r = 0; r < k; r++)
        {
            var (parent, children) = parents[r];
            for (int i = 0; i < series; i++)
            {
                double sum = covariance(i, parent);
                foreach (int child in children)
                {
                    sum -= covariance(i, child);
                }

                _wa[i, r] = sum;
            }
        }

        _awa = new double[k, k];
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++)
            {
                double sum = _wa[parents[a].Parent, b];
                foreach (int child in parents[a].Children)
                {
                    sum -= _wa[child, b];
                }

                _awa[a, b] = sum;
            }
        }
    }

    /// <summary>Reconciles one step's base forecasts.</summary>
    /// <param name="forecasts">Base forecasts of every series, in the order given to the constructor.</param>
    /// <returns>Coherent forecasts, in the same order.</returns>
    public double[] Reconcile(ReadOnlySpan<double> forecasts)
    {
        if (forecasts.Length != _n)
        {
            throw new ArgumentException($"Expected {_n} forecasts, got {forecasts.Length}.", nameof(forecasts));
        }

        int k = _parents.Count;
        var gap = new double[k];
        for (int r = 0; r < k; r++)
        {
            double sum = forecasts[_parents[r].Parent];
            foreach (int child in _parents[r].Children)
            {
                sum -= forecasts[child];
            }

            gap[r] = sum;
        }

        var weights = SolveSymmetric(_awa, gap);
        var result = forecasts.ToArray();
        for (int i = 0; i < _n; i++)
        {
            double shift = 0;
            for (int r = 0; r < k; r++)
            {
                shift += _wa[i, r] * weights[r];
            }

            result[i] -= shift;
        }

        return result;
    }

    /// <summary>Solves <c>M x = b</c> for a symmetric positive semi-definite M by Cholesky, with a tiny ridge
    /// (1e-12 of the largest diagonal entry) so a parent whose series all have zero error variance does not break it.</summary>
    internal static double[] SolveSymmetric(double[,] m, double[] b)
    {
        int k = b.Length;
        double largest = 0;
        for (int i = 0; i < k; i++)
        {
            largest = Math.Max(largest, Math.Abs(m[i, i]));
        }

        double ridge = Math.Max(largest, 1) * 1e-12;
        var l = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = m[i, j] + (i == j ? ridge : 0);
                for (int p = 0; p < j; p++)
                {
                    sum -= l[i, p] * l[j, p];
                }

                l[i, j] = i == j ? Math.Sqrt(Math.Max(sum, ridge)) : sum / l[j, j];
            }
        }

        var y = new double[k];
        for (int i = 0; i < k; i++)
        {
            double sum = b[i];
            for (int p = 0; p < i; p++)
            {
                sum -= l[i, p] * y[p];
            }

            y[i] = sum / l[i, i];
        }

        var x = new double[k];
        for (int i = k - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int p = i + 1; p < k; p++)
            {
                sum -= l[p, i] * x[p];
            }

            x[i] = sum / l[i, i];
        }

        return x;
    }
}
