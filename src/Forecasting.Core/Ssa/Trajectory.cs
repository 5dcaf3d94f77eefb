using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Forecasting.Core.Ssa;

/// <summary>
/// Products with the (never materialised) L x K Hankel trajectory matrix H[i][j] = x[i + j] of a series,
/// K = N - L + 1: the lag-covariance H H^T, H^T u, and diagonal averaging (Hankelisation) of rank-one terms.
/// </summary>
public static class Trajectory
{
    /// <summary>C = H H^T (L x L, row-major, unnormalised, no centring): row 0 by dot products, the rest by
    /// C[i][j] = C[i-1][j-1] - x[i-1] x[j-1] + x[i+K-1] x[j+K-1].</summary>
    public static void LagCovariance(ReadOnlySpan<double> x, int window, Span<double> covariance)
    {
        int n = x.Length, l = window, k = n - l + 1;
        for (int j = 0; j < l; j++)
        {
            double sum = Dot(x[..k], x.Slice(j, k));
            covariance[j] = sum;
            covariance[j * l] = sum;
        }

        for (int i = 1; i < l; i++)
        {
            for (int j = i; j < l; j++)
            {
                double value = covariance[((i - 1) * l) + j - 1] - (x[i - 1] * x[j - 1]) + (x[i + k - 1] * x[j + k - 1]);
                covariance[(i * l) + j] = value;
                covariance[(j * l) + i] = value;
            }
        }
    }

    /// <summary>Dot product with two 256-bit accumulators (scalar where the hardware has no 256-bit SIMD).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rb = ref MemoryMarshal.GetReference(b);
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                acc0 += Vector256.LoadUnsafe(ref ra, (nuint)i) * Vector256.LoadUnsafe(ref rb, (nuint)i);
                acc1 += Vector256.LoadUnsafe(ref ra, (nuint)(i + 4)) * Vector256.LoadUnsafe(ref rb, (nuint)(i + 4));
            }

            if (i <= n - 4)
            {
                acc0 += Vector256.LoadUnsafe(ref ra, (nuint)i) * Vector256.LoadUnsafe(ref rb, (nuint)i);
                i += 4;
            }

            sum = Vector256.Sum(acc0 + acc1);
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>w = H^T u: w[j] = sum_i u[i] x[i + j], j = 0..K-1.</summary>
    public static void TransposeTimes(ReadOnlySpan<double> x, ReadOnlySpan<double> u, Span<double> w)
    {
        int l = u.Length, k = x.Length - l + 1;
        for (int j = 0; j < k; j++)
        {
            double sum = 0;
            for (int i = 0; i < l; i++)
            {
                sum += u[i] * x[i + j];
            }

            w[j] = sum;
        }
    }

    /// <summary>Adds the diagonal average of the rank-one matrix u w^T (L x K) to <paramref name="series"/> (length L + K - 1).</summary>
    public static void AddDiagonalAverage(ReadOnlySpan<double> u, ReadOnlySpan<double> w, Span<double> series)
    {
        int l = u.Length, k = w.Length, n = l + k - 1;
        for (int t = 0; t < n; t++)
        {
            int from = Math.Max(0, t - k + 1), to = Math.Min(l - 1, t);
            double sum = 0;
            for (int i = from; i <= to; i++)
            {
                sum += u[i] * w[t - i];
            }

            series[t] += sum / (to - from + 1);
        }
    }

    /// <summary>p = U_r U_r^T v for the first <paramref name="rank"/> rows of <paramref name="basis"/> (row-major, each of length L).</summary>
    public static void Project(ReadOnlySpan<double> basis, int rank, ReadOnlySpan<double> v, Span<double> projection)
    {
        int l = v.Length;
        projection[..l].Clear();
        for (int r = 0; r < rank; r++)
        {
            var u = basis.Slice(r * l, l);
            double coefficient = Dot(u, v[..l]);

            for (int i = 0; i < l; i++)
            {
                projection[i] += coefficient * u[i];
            }
        }
    }

    /// <summary>LRR coefficients a[j] = (sum_{i&lt;r} pi_i U_i[j]) / (1 - nu), pi = last components of the
    /// basis rows, nu = |pi|^2; a[L-2] multiplies the newest value (ssa-spec.md section 2.6).</summary>
    public static void RecurrenceCoefficients(ReadOnlySpan<double> basis, int rank, int l, Span<double> a)
    {
        a.Clear();
        double nu = 0;
        for (int i = 0; i < rank; i++)
        {
            var u = basis.Slice(i * l, l);
            double pi = u[l - 1];
            nu += pi * pi;
            for (int j = 0; j < l - 1; j++)
            {
                a[j] += pi * u[j];
            }
        }

        for (int j = 0; j < l - 1; j++)
        {
            a[j] /= 1 - nu;
        }
    }
}
