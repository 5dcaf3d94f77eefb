using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Forecasting.Core.Ssa;

/// <summary>
/// Eigen-decomposition of a dense symmetric matrix: Householder reduction to tridiagonal form, backward
/// accumulation of the transform, then the implicit QL algorithm with Wilkinson-style shifts (the method
/// of tred2/tql2, Bowdler, Martin, Reinsch and Wilkinson, Handbook for Automatic Computation II).
/// Laid out for speed: every step works on contiguous rows (the transform is kept transposed, so each QL
/// rotation combines two rows and the eigenvectors come out as rows), with 256-bit SIMD where the
/// hardware has it. Double precision, no allocation after construction: one solver per worker thread.
/// </summary>
public sealed class SymmetricEigenSolver
{
    private readonly int _capacity;
    private readonly double[] _a;
    private readonly double[] _z;
    private readonly double[] _householder;
    private readonly double[] _beta;
    private readonly double[] _p;
    private readonly double[] _d;
    private readonly double[] _e;
    private readonly int[] _order;

    public SymmetricEigenSolver(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _a = new double[capacity * capacity];
        _z = new double[capacity * capacity];
        _householder = new double[capacity * capacity];
        _beta = new double[capacity];
        _p = new double[capacity];
        _d = new double[capacity];
        _e = new double[capacity];
        _order = new int[capacity];
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
        var a = _a.AsSpan(0, n * n);
        matrix[..(n * n)].CopyTo(a);
        var d = _d.AsSpan(0, n);
        var e = _e.AsSpan(0, n);
        var z = _z.AsSpan(0, n * n);
        Tridiagonalize(a, d, e, n);
        AccumulateTransform(z, n);
        if (!DiagonalizeTridiagonal(z, d, e, n))
        {
            values[..n].Fill(double.NaN);
            vectors[..(n * n)].Fill(double.NaN);
            return false;
        }

        // Descending eigenvalues (stable insertion sort: n is small); row i of z is the vector of d[i].
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

        for (int i = 0; i < n; i++)
        {
            values[i] = d[order[i]];
            z.Slice(order[i] * n, n).CopyTo(vectors.Slice(i * n, n));
        }

        return true;
    }

    /// <summary>
    /// Householder reduction: for k = 0..n-3 the reflector H_k = I - beta v v^T (v on indices k+1..n-1,
    /// stored in row k of the Householder buffer) zeroes row/column k below the subdiagonal; the trailing
    /// block is updated as S -= v w^T + w v^T with p = beta S v, w = p - (beta p.v / 2) v.
    /// Leaves the diagonal in d and the subdiagonal in e (e[i] couples i and i + 1; e[n-1] = 0).
    /// </summary>
    private void Tridiagonalize(Span<double> a, Span<double> d, Span<double> e, int n)
    {
        var beta = _beta.AsSpan(0, n);
        beta.Clear();
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1, first = k + 1;
            var x = a.Slice((k * n) + first, m);
            double norm2 = Trajectory.Dot(x, x);
            double x0 = x[0];
            double tail = norm2 - (x0 * x0);
            d[k] = a[(k * n) + k];
            if (tail <= 0)
            {
                e[k] = x0;
                continue;
            }

            double alpha = x0 > 0 ? -Math.Sqrt(norm2) : Math.Sqrt(norm2);
            var v = _householder.AsSpan((k * n) + first, m);
            x.CopyTo(v);
            v[0] = x0 - alpha;
            double b = 1 / (norm2 - (alpha * x0));
            beta[k] = b;
            e[k] = alpha;

            var p = _p.AsSpan(0, m);
            for (int i = 0; i < m; i++)
            {
                p[i] = b * Trajectory.Dot(a.Slice(((first + i) * n) + first, m), v);
            }

            double half = 0.5 * b * Trajectory.Dot(p, v);
            for (int i = 0; i < m; i++)
            {
                p[i] -= half * v[i]; // p becomes w
            }

            for (int i = 0; i < m; i++)
            {
                RankTwoUpdate(a.Slice(((first + i) * n) + first, m), v, p, v[i], p[i]);
            }
        }

        if (n >= 2)
        {
            d[n - 2] = a[((n - 2) * n) + n - 2];
            e[n - 2] = a[((n - 2) * n) + n - 1];
        }

        d[n - 1] = a[(n * n) - 1];
        e[n - 1] = 0;
    }

    /// <summary>z = Q^T = H_{n-3} ... H_0, built as I H_{n-3} ... H_0 by row operations; only the block
    /// from row/column k + 1 changes when H_k is applied.</summary>
    private void AccumulateTransform(Span<double> z, int n)
    {
        z.Clear();
        for (int i = 0; i < n; i++)
        {
            z[(i * n) + i] = 1;
        }

        for (int k = n - 3; k >= 0; k--)
        {
            double b = _beta[k];
            if (b == 0)
            {
                continue;
            }

            int m = n - k - 1, first = k + 1;
            var v = _householder.AsSpan((k * n) + first, m);
            for (int i = first; i < n; i++)
            {
                var row = z.Slice((i * n) + first, m);
                Axpy(row, v, -b * Trajectory.Dot(row, v));
            }
        }
    }

    /// <summary>Implicit QL on the tridiagonal (d, e); each Givens rotation combines rows i and i + 1 of z.</summary>
    private static bool DiagonalizeTridiagonal(Span<double> z, Span<double> d, Span<double> e, int n)
    {
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
                    double r = Math.Sqrt((p * p) + 1);
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
                        r = Math.Sqrt((p * p) + (e[i] * e[i]));
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = (c * d[i]) - (s * g);
                        d[i + 1] = h + (s * ((c * g) + (s * d[i])));
                        Rotate(z.Slice(i * n, n), z.Slice((i + 1) * n, n), c, s);
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

        foreach (double value in d)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>(x, y) = (c x - s y, s x + c y), element-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        int n = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double rx = ref MemoryMarshal.GetReference(x);
            ref double ry = ref MemoryMarshal.GetReference(y);
            var vc = Vector256.Create(c);
            var vs = Vector256.Create(s);
            for (; i <= n - 4; i += 4)
            {
                var a = Vector256.LoadUnsafe(ref rx, (nuint)i);
                var b = Vector256.LoadUnsafe(ref ry, (nuint)i);
                ((vc * a) - (vs * b)).StoreUnsafe(ref rx, (nuint)i);
                ((vs * a) + (vc * b)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            double a = x[i], b = y[i];
            x[i] = (c * a) - (s * b);
            y[i] = (s * a) + (c * b);
        }
    }

    /// <summary>row -= vi w + wi v (one row of the symmetric rank-two update).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RankTwoUpdate(Span<double> row, ReadOnlySpan<double> v, ReadOnlySpan<double> w, double vi, double wi)
    {
        int n = row.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double rr = ref MemoryMarshal.GetReference(row);
            ref double rv = ref MemoryMarshal.GetReference(v);
            ref double rw = ref MemoryMarshal.GetReference(w);
            var a = Vector256.Create(vi);
            var b = Vector256.Create(wi);
            for (; j <= n - 4; j += 4)
            {
                var value = Vector256.LoadUnsafe(ref rr, (nuint)j) - (a * Vector256.LoadUnsafe(ref rw, (nuint)j)) - (b * Vector256.LoadUnsafe(ref rv, (nuint)j));
                value.StoreUnsafe(ref rr, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            row[j] -= (vi * w[j]) + (wi * v[j]);
        }
    }

    /// <summary>y += alpha x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(Span<double> y, ReadOnlySpan<double> x, double alpha)
    {
        int n = y.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double ry = ref MemoryMarshal.GetReference(y);
            ref double rx = ref MemoryMarshal.GetReference(x);
            var va = Vector256.Create(alpha);
            for (; j <= n - 4; j += 4)
            {
                (Vector256.LoadUnsafe(ref ry, (nuint)j) + (va * Vector256.LoadUnsafe(ref rx, (nuint)j))).StoreUnsafe(ref ry, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            y[j] += alpha * x[j];
        }
    }
}
