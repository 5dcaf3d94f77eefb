using System.Numerics;

namespace Forecasting.Core.Ssa;

/// <summary>
/// Roots of a real monic polynomial z^n + c[n-1] z^(n-1) + ... + c[0] and the reverse (coefficients
/// from roots). Zero roots are split off first (coefficients at most 2.22e-100 from the constant term
/// upward), degrees 1 and 2 are solved in closed form, higher degrees by the Aberth-Ehrlich
/// simultaneous iteration followed by Newton polishing. Roots whose imaginary part is negligible are
/// returned as exactly real and complex roots as exact conjugate pairs, as a Hessenberg-QR
/// eigensolver of the companion matrix would give them.
/// </summary>
public static class PolynomialRoots
{
    private const double ZeroCoefficient = 2.22e-100;

    /// <param name="coefficients">c[0..n-1] of the monic polynomial (c[0] is the constant term).</param>
    /// <param name="roots">Receives the n roots.</param>
    /// <returns>False if the iteration failed to converge or produced non-finite roots.</returns>
    public static bool Find(ReadOnlySpan<double> coefficients, Span<Complex> roots)
    {
        int n = coefficients.Length;
        int zeros = 0;
        while (zeros < n && Math.Abs(coefficients[zeros]) <= ZeroCoefficient)
        {
            roots[zeros] = Complex.Zero;
            zeros++;
        }

        // Remaining monic polynomial of degree n - zeros: coefficients c[zeros..n-1].
        var c = coefficients[zeros..];
        var rest = roots[zeros..n];
        int degree = c.Length;
        switch (degree)
        {
            case 0:
                return true;
            case 1:
                rest[0] = new Complex(-c[0], 0);
                return double.IsFinite(c[0]);
            case 2:
                return Quadratic(c[1], c[0], rest);
            default:
                return Aberth(c, rest) && Clean(rest);
        }
    }

    /// <summary>Coefficients c[0..n-1] of the monic polynomial with the given roots; complex roots must come
    /// in exact conjugate pairs.</summary>
    /// <returns>False if a complex root has no exact conjugate or a value is not finite.</returns>
    public static bool FromRoots(ReadOnlySpan<Complex> roots, Span<double> coefficients)
    {
        int n = roots.Length;
        Span<double> poly = n <= 128 ? stackalloc double[n + 1] : new double[n + 1];
        Span<bool> used = n <= 256 ? stackalloc bool[n] : new bool[n];
        poly.Clear();
        used.Clear();
        poly[0] = 1; // poly[k] = coefficient of z^k of the product so far (degree 'deg')
        int deg = 0;
        for (int i = 0; i < n; i++)
        {
            if (used[i])
            {
                continue;
            }

            var root = roots[i];
            if (!double.IsFinite(root.Real) || !double.IsFinite(root.Imaginary))
            {
                return false;
            }

            used[i] = true;
            if (root.Imaginary == 0)
            {
                MultiplyLinear(poly, ref deg, -root.Real);
                continue;
            }

            int partner = -1;
            for (int j = i + 1; j < n; j++)
            {
                if (!used[j] && roots[j].Real == root.Real && roots[j].Imaginary == -root.Imaginary)
                {
                    partner = j;
                    break;
                }
            }

            if (partner < 0)
            {
                return false;
            }

            used[partner] = true;
            MultiplyQuadratic(poly, ref deg, -2 * root.Real, (root.Real * root.Real) + (root.Imaginary * root.Imaginary));
        }

        for (int k = 0; k < n; k++)
        {
            coefficients[k] = poly[k];
        }

        return true;
    }

    /// <summary>p(z) := (z + c0) p(z); poly[k] is the coefficient of z^k.</summary>
    private static void MultiplyLinear(Span<double> poly, ref int deg, double c0)
    {
        for (int k = deg + 1; k >= 0; k--)
        {
            double shifted = k >= 1 ? poly[k - 1] : 0;
            double scaled = k <= deg ? c0 * poly[k] : 0;
            poly[k] = shifted + scaled;
        }

        deg++;
    }

    /// <summary>p(z) := (z^2 + c1 z + c0) p(z).</summary>
    private static void MultiplyQuadratic(Span<double> poly, ref int deg, double c1, double c0)
    {
        for (int k = deg + 2; k >= 0; k--)
        {
            double twice = k >= 2 && k - 2 <= deg ? poly[k - 2] : 0;
            double once = k >= 1 && k - 1 <= deg ? c1 * poly[k - 1] : 0;
            double scaled = k <= deg ? c0 * poly[k] : 0;
            poly[k] = twice + once + scaled;
        }

        deg += 2;
    }

    private static bool Quadratic(double b, double c, Span<Complex> roots)
    {
        double discriminant = (b * b) - (4 * c);
        if (!double.IsFinite(discriminant))
        {
            return false;
        }

        if (discriminant >= 0)
        {
            double sqrt = Math.Sqrt(discriminant);
            double q = -0.5 * (b + (b >= 0 ? sqrt : -sqrt));
            double r1 = q;
            double r2 = q != 0 ? c / q : 0;
            roots[0] = new Complex(r1, 0);
            roots[1] = new Complex(r2, 0);
        }
        else
        {
            double imaginary = Math.Sqrt(-discriminant) / 2;
            roots[0] = new Complex(-b / 2, imaginary);
            roots[1] = new Complex(-b / 2, -imaginary);
        }

        return true;
    }

    private static bool Aberth(ReadOnlySpan<double> c, Span<Complex> z)
    {
        int n = c.Length;
        double bound = 0;
        for (int k = 0; k < n; k++)
        {
            bound = Math.Max(bound, Math.Pow(Math.Abs(c[k]), 1.0 / (n - k)));
        }

        // Initial guesses on a circle inside the Fujiwara-type bound, rotated off the real axis.
        double radius = Math.Max(Math.Min(bound, 1), 1e-3); // SSA recurrences have their roots near the unit circle
        for (int k = 0; k < n; k++)
        {
            z[k] = Complex.FromPolarCoordinates(radius, (2 * Math.PI * k / n) + 0.4);
        }

        Span<bool> converged = n <= 256 ? stackalloc bool[n] : new bool[n];
        converged.Clear();
        int remaining = n;
        for (int iteration = 0; iteration < 80 && remaining > 0; iteration++)
        {
            for (int k = 0; k < n; k++)
            {
                if (converged[k])
                {
                    continue;
                }

                var (p, dp) = Evaluate(c, z[k]);
                if (p == Complex.Zero)
                {
                    converged[k] = true;
                    remaining--;
                    continue;
                }

                var ratio = p / dp;
                double zr = z[k].Real, zi = z[k].Imaginary, sumRe = 0, sumIm = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j != k)
                    {
                        // 1 / (z_k - z_j) in real arithmetic (Complex division is several times slower).
                        double dr = zr - z[j].Real, di = zi - z[j].Imaginary;
                        double inverse = 1 / ((dr * dr) + (di * di));
                        sumRe += dr * inverse;
                        sumIm -= di * inverse;
                    }
                }

                var step = ratio / (1 - (ratio * new Complex(sumRe, sumIm)));
                if (!double.IsFinite(step.Real) || !double.IsFinite(step.Imaginary))
                {
                    return false;
                }

                z[k] -= step;
                if (step.Magnitude <= 1e-12 * Math.Max(1, z[k].Magnitude))
                {
                    converged[k] = true;
                    remaining--;
                }
            }
        }

        // Newton polishing on the full polynomial.
        for (int k = 0; k < n; k++)
        {
            for (int iteration = 0; iteration < 3; iteration++)
            {
                var (p, dp) = Evaluate(c, z[k]);
                if (dp == Complex.Zero || p == Complex.Zero)
                {
                    break;
                }

                var next = z[k] - (p / dp);
                if (Evaluate(c, next).Value.Magnitude >= p.Magnitude)
                {
                    break;
                }

                z[k] = next;
            }
        }

        return true;
    }

    private static (Complex Value, Complex Derivative) Evaluate(ReadOnlySpan<double> c, Complex z)
    {
        // Horner on the monic polynomial and its derivative.
        var p = Complex.One;
        var dp = Complex.Zero;
        for (int k = c.Length - 1; k >= 0; k--)
        {
            dp = (dp * z) + p;
            p = (p * z) + c[k];
        }

        return (p, dp);
    }

    /// <summary>Negligible imaginary parts become exactly 0; complex roots are paired into exact conjugates.</summary>
    private static bool Clean(Span<Complex> z)
    {
        int n = z.Length;
        for (int k = 0; k < n; k++)
        {
            if (!double.IsFinite(z[k].Real) || !double.IsFinite(z[k].Imaginary))
            {
                return false;
            }

            if (Math.Abs(z[k].Imaginary) <= 1e-10 * Math.Max(1, z[k].Magnitude))
            {
                z[k] = new Complex(z[k].Real, 0);
            }
        }

        Span<bool> paired = n <= 256 ? stackalloc bool[n] : new bool[n];
        paired.Clear();
        for (int k = 0; k < n; k++)
        {
            if (paired[k] || z[k].Imaginary <= 0)
            {
                continue;
            }

            int best = -1;
            double distance = double.MaxValue;
            for (int j = 0; j < n; j++)
            {
                if (j != k && !paired[j] && z[j].Imaginary < 0)
                {
                    double dist = (z[j] - Complex.Conjugate(z[k])).Magnitude;
                    if (dist < distance)
                    {
                        distance = dist;
                        best = j;
                    }
                }
            }

            if (best < 0)
            {
                return false;
            }

            double re = (z[k].Real + z[best].Real) / 2;
            double im = (z[k].Imaginary - z[best].Imaginary) / 2;
            z[k] = new Complex(re, im);
            z[best] = new Complex(re, -im);
            paired[k] = paired[best] = true;
        }

        for (int k = 0; k < n; k++)
        {
            if (z[k].Imaginary < 0 && !paired[k])
            {
                return false;
            }
        }

        return true;
    }
}
