namespace Forecasting.Core.Ssa;

/// <summary>
/// Eigen-decomposition of a dense symmetric matrix: Householder reduction to tridiagonal form with the
/// orthogonal transform accumulated, then the implicit QL algorithm with Wilkinson-style shifts
/// (Bowdler, Martin, Reinsch and Wilkinson, Handbook for Automatic Computation II, procedures tred2 and
/// tql2). Double precision, no allocation after construction: one solver per worker thread.
/// </summary>
public sealed class SymmetricEigenSolver
{
    private readonly int _capacity;
    private readonly double[] _v;
    private readonly double[] _d;
    private readonly double[] _e;
    private readonly int[] _order;
    private readonly double[] _sorted;

    public SymmetricEigenSolver(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _v = new double[capacity * capacity];
        _d = new double[capacity];
        _e = new double[capacity];
        _order = new int[capacity];
        _sorted = new double[capacity * capacity];
    }

    /// <summary>
    /// Decomposes the n x n symmetric matrix <paramref name="matrix"/> (row-major; only read). On return
    /// <paramref name="values"/> holds the eigenvalues in descending order and row i of
    /// <paramref name="vectors"/> (row-major n x n) the unit eigenvector of values[i].
    /// </summary>
    /// <returns>False when the QL iteration did not converge (values are then NaN).</returns>
    public bool Decompose(ReadOnlySpan<double> matrix, int n, Span<double> values, Span<double> vectors)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, _capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var v = _v.AsSpan(0, n * n);
        matrix[..(n * n)].CopyTo(v);
        var d = _d.AsSpan(0, n);
        var e = _e.AsSpan(0, n);
        Tridiagonalize(v, d, e, n);
        bool converged = DiagonalizeTridiagonal(v, d, e, n);
        if (!converged)
        {
            values[..n].Fill(double.NaN);
            vectors[..(n * n)].Fill(double.NaN);
            return false;
        }

        // Descending eigenvalues; eigenvectors are the columns of v, returned as rows.
        var order = _order.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (int i = 1; i < n; i++)
        {
            int key = order[i];
            int j = i - 1;
            while (j >= 0 && d[order[j]] < d[key])
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = key;
        }

        var sorted = _sorted.AsSpan(0, n * n);
        for (int i = 0; i < n; i++)
        {
            int column = order[i];
            values[i] = d[column];
            for (int k = 0; k < n; k++)
            {
                sorted[(i * n) + k] = v[(k * n) + column];
            }
        }

        sorted.CopyTo(vectors);
        return true;
    }

    /// <summary>Householder reduction of v (in place) to tridiagonal form; v becomes the accumulated transform.</summary>
    private static void Tridiagonalize(Span<double> v, Span<double> d, Span<double> e, int n)
    {
        for (int j = 0; j < n; j++)
        {
            d[j] = v[((n - 1) * n) + j];
        }

        for (int i = n - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (int k = 0; k < i; k++)
            {
                scale += Math.Abs(d[k]);
            }

            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = v[((i - 1) * n) + j];
                    v[(i * n) + j] = 0;
                    v[(j * n) + i] = 0;
                }
            }
            else
            {
                for (int k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }

                double f = d[i - 1];
                double g = Math.Sqrt(h);
                if (f > 0)
                {
                    g = -g;
                }

                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++)
                {
                    e[j] = 0;
                }

                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    v[(j * n) + i] = f;
                    g = e[j] + (v[(j * n) + j] * f);
                    for (int k = j + 1; k <= i - 1; k++)
                    {
                        g += v[(k * n) + j] * d[k];
                        e[k] += v[(k * n) + j] * f;
                    }

                    e[j] = g;
                }

                f = 0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }

                double hh = f / (h + h);
                for (int j = 0; j < i; j++)
                {
                    e[j] -= hh * d[j];
                }

                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++)
                    {
                        v[(k * n) + j] -= (f * e[k]) + (g * d[k]);
                    }

                    d[j] = v[((i - 1) * n) + j];
                    v[(i * n) + j] = 0;
                }
            }

            d[i] = h;
        }

        for (int i = 0; i < n - 1; i++)
        {
            v[((n - 1) * n) + i] = v[(i * n) + i];
            v[(i * n) + i] = 1;
            double h = d[i + 1];
            if (h != 0)
            {
                for (int k = 0; k <= i; k++)
                {
                    d[k] = v[(k * n) + i + 1] / h;
                }

                for (int j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (int k = 0; k <= i; k++)
                    {
                        g += v[(k * n) + i + 1] * v[(k * n) + j];
                    }

                    for (int k = 0; k <= i; k++)
                    {
                        v[(k * n) + j] -= g * d[k];
                    }
                }
            }

            for (int k = 0; k <= i; k++)
            {
                v[(k * n) + i + 1] = 0;
            }
        }

        for (int j = 0; j < n; j++)
        {
            d[j] = v[((n - 1) * n) + j];
            v[((n - 1) * n) + j] = 0;
        }

        v[((n - 1) * n) + n - 1] = 1;
        e[0] = 0;
    }

    /// <summary>Implicit QL on the tridiagonal (d, e), rotating the columns of v.</summary>
    private static bool DiagonalizeTridiagonal(Span<double> v, Span<double> d, Span<double> e, int n)
    {
        for (int i = 1; i < n; i++)
        {
            e[i - 1] = e[i];
        }

        e[n - 1] = 0;
        double f = 0, tst1 = 0;
        const double eps = 2.220446049250313e-16;
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.Abs(e[m]) > eps * tst1)
            {
                m++;
            }

            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 60)
                    {
                        return false;
                    }

                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Hypot(p, 1);
                    if (p < 0)
                    {
                        r = -r;
                    }

                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++)
                    {
                        d[i] -= h;
                    }

                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
                    double el1 = e[l + 1];
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = (c * d[i]) - (s * g);
                        d[i + 1] = h + (s * ((c * g) + (s * d[i])));
                        for (int k = 0; k < n; k++)
                        {
                            int row = k * n;
                            h = v[row + i + 1];
                            v[row + i + 1] = (s * v[row + i]) + (c * h);
                            v[row + i] = (c * v[row + i]) - (s * h);
                        }
                    }

                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }

            d[l] += f;
            e[l] = 0;
        }

        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(d[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a);
        b = Math.Abs(b);
        if (a < b)
        {
            (a, b) = (b, a);
        }

        if (a == 0)
        {
            return 0;
        }

        double ratio = b / a;
        return a * Math.Sqrt(1 + (ratio * ratio));
    }
}
