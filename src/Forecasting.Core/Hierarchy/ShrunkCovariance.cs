namespace Forecasting.Core.Hierarchy;

/// <summary>
/// The Schäfer-Strimmer (2005) shrinkage of the error covariance of a group of series toward its diagonal, as MinT uses
/// it (Wickramasuriya, Athanasopoulos and Hyndman 2019; R hts <c>shrink.estim</c>): with <c>T</c> errors per series,
/// the sample covariance is the uncentred <c>S = E'E / T</c>, and the shrunk one <c>W = lambda diag(S) + (1 - lambda) S</c>,
/// where <c>lambda = sum_{i != j} Var(r_ij) / sum_{i != j} r_ij^2</c> on the correlations of the errors scaled to unit
/// mean square, clamped to [0, 1].
/// <para>
/// Nothing here forms a p x p matrix: <c>S</c> has rank at most <c>T</c>, so every sum over pairs is taken through the
/// T x T Gram matrix of the scaled errors (<c>sum_ij r_ij^2 = ||Z Z'||^2 / T^2</c>,
/// <c>sum_ij sum_t z_ti^2 z_tj^2 = sum_t (sum_i z_ti^2)^2</c>), and products with <c>W</c> through <c>E'(E x)</c>:
/// O(p T^2) to estimate lambda and O(p T) per product, so a block of 10,000 series costs what one of 56 would squared.
/// </para>
/// A series whose errors are all zero (never sold) has no correlation with any other: it keeps its zero variance.
/// </summary>
public sealed class ShrunkCovariance
{
    private readonly IReadOnlyList<double[]> _errors;
    private readonly double[] _variance; // uncentred mean square of each series' errors: diag(S)
    private readonly int _t;

    /// <param name="errors">One array of errors per series, all of the same length T (at least 2).</param>
    /// <param name="lambda">A fixed shrinkage intensity (1: diagonal only) instead of the estimated one.</param>
    public ShrunkCovariance(IReadOnlyList<double[]> errors, double? lambda = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errors = errors;
        _t = errors.Count == 0 ? 0 : errors[0].Length;
        _variance = new double[errors.Count];
        for (int i = 0; i < errors.Count; i++)
        {
            if (errors[i].Length != _t)
            {
                throw new ArgumentException($"Series {i} has {errors[i].Length} errors, the first has {_t}.", nameof(errors));
            }

            double sum = 0;
            foreach (double e in errors[i])
            {
                sum += e * e;
            }

            _variance[i] = _t == 0 ? 0 : sum / _t;
        }

        Lambda = lambda is { } fixedLambda ? Math.Clamp(fixedLambda, 0, 1) : EstimateLambda();
    }

    /// <summary>The shrinkage intensity: 1 keeps only the variances, 0 the whole sample covariance.</summary>
    public double Lambda { get; }

    /// <summary>Series in the group.</summary>
    public int Count => _errors.Count;

    /// <summary>Errors per series.</summary>
    public int Length => _t;

    /// <summary>The diagonal: each series' mean square error.</summary>
    public ReadOnlySpan<double> Variances => _variance;

    /// <summary>Entry (i, j) of the shrunk covariance W.</summary>
    public double Entry(int i, int j)
    {
        if (i == j)
        {
            return _variance[i];
        }

        double sum = 0;
        var a = _errors[i];
        var b = _errors[j];
        for (int t = 0; t < _t; t++)
        {
            sum += a[t] * b[t];
        }

        return (1 - Lambda) * sum / _t;
    }

    /// <summary>Writes <c>W x</c> into <paramref name="result"/>.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> result)
    {
        if (x.Length != Count || result.Length != Count)
        {
            throw new ArgumentException($"Expected vectors of {Count} values.");
        }

        Span<double> ex = _t <= 256 ? stackalloc double[_t] : new double[_t];
        ex.Clear();
        for (int i = 0; i < Count; i++)
        {
            double xi = x[i];
            if (xi == 0)
            {
                continue;
            }

            var e = _errors[i];
            for (int t = 0; t < _t; t++)
            {
                ex[t] += e[t] * xi;
            }
        }

        for (int i = 0; i < Count; i++)
        {
            var e = _errors[i];
            double dot = 0;
            for (int t = 0; t < _t; t++)
            {
                dot += e[t] * ex[t];
            }

            result[i] = (Lambda * _variance[i] * x[i]) + ((1 - Lambda) * dot / _t);
        }
    }

    /// <summary>
    /// The variance of a sum of the group's series whose own standard deviations are <paramref name="sigma"/>, with the
    /// shrunk correlation of their errors: <c>sigma' R* sigma</c>, <c>R* = lambda I + (1 - lambda) R</c>. Between
    /// <c>sum sigma^2</c> (independent) and <c>(sum sigma)^2</c> (perfectly correlated).
    /// </summary>
    public double VarianceOfSum(ReadOnlySpan<double> sigma)
    {
        if (sigma.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} standard deviations, got {sigma.Length}.", nameof(sigma));
        }

        double diagonal = 0, ownCorrelated = 0;
        Span<double> z = _t <= 256 ? stackalloc double[_t] : new double[_t];
        z.Clear();
        for (int i = 0; i < Count; i++)
        {
            double s = sigma[i];
            diagonal += s * s;
            if (_variance[i] <= 0 || s == 0)
            {
                continue;
            }

            ownCorrelated += s * s;
            double scale = s / Math.Sqrt(_variance[i]);
            var e = _errors[i];
            for (int t = 0; t < _t; t++)
            {
                z[t] += e[t] * scale;
            }
        }

        double squared = 0;
        foreach (double v in z)
        {
            squared += v * v;
        }

        // ||Z sigma||^2 / T = sum_ij sigma_i sigma_j r_ij, whose diagonal is the ownCorrelated part.
        double offDiagonal = _t == 0 ? 0 : (squared / _t) - ownCorrelated;
        return Math.Max(0, diagonal + ((1 - Lambda) * offDiagonal));
    }

    private double EstimateLambda()
    {
        int t = _t;
        var active = Enumerable.Range(0, Count).Where(i => _variance[i] > 0).ToList();
        if (active.Count < 2 || t < 2)
        {
            return 1;
        }

        // z_ti = e_ti / sqrt(S_ii): sum_t z_ti^2 = T for every active series.
        var gram = new double[t * t];
        var rowSquares = new double[t];
        double fourth = 0;
        var z = new double[t];
        foreach (int i in active)
        {
            double scale = 1 / Math.Sqrt(_variance[i]);
            var e = _errors[i];
            for (int a = 0; a < t; a++)
            {
                z[a] = e[a] * scale;
                double square = z[a] * z[a];
                rowSquares[a] += square;
                fourth += square * square;
            }

            for (int a = 0; a < t; a++)
            {
                double za = z[a];
                if (za == 0)
                {
                    continue;
                }

                for (int b = a; b < t; b++)
                {
                    gram[(a * t) + b] += za * z[b];
                }
            }
        }

        double gramSquares = 0;
        for (int a = 0; a < t; a++)
        {
            gramSquares += gram[(a * t) + a] * gram[(a * t) + a];
            for (int b = a + 1; b < t; b++)
            {
                gramSquares += 2 * gram[(a * t) + b] * gram[(a * t) + b];
            }
        }

        double squaresOfSquares = 0;
        foreach (double r in rowSquares)
        {
            squaresOfSquares += r * r;
        }

        int p = active.Count;
        double diagonalCross = (double)p * t * t; // sum_i (sum_t z_ti^2)^2
        double offCrossSquared = gramSquares - diagonalCross; // sum_{i != j} (sum_t z_ti z_tj)^2
        double offFourth = squaresOfSquares - fourth; // sum_{i != j} sum_t z_ti^2 z_tj^2
        double varianceSum = (offFourth - (offCrossSquared / t)) / ((double)t * (t - 1));
        double correlationSquares = offCrossSquared / ((double)t * t);
        return correlationSquares <= 0 ? 1 : Math.Clamp(varianceSum / correlationSquares, 0, 1);
    }
}
