using System.Numerics;
using System.Runtime.Intrinsics;

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
    /// <param name="polish">Newton-polish each root on the full polynomial after the simultaneous iteration
    /// (needed for ML.NET equivalence; the clamping of the improved SSA does without).</param>
    /// <returns>False if the iteration failed to converge or produced non-finite roots.</returns>
    public static bool Find(ReadOnlySpan<double> coefficients, Span<Complex> roots, bool polish = true)
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
                return Aberth(c, rest, polish) && Clean(rest);
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

    private static bool Aberth(ReadOnlySpan<double> c, Span<Complex> z, bool polish)
    {
        int n = c.Length;
        double bound = 0;
        for (int k = 0; k < n && bound < 1; k++)
        {
            double size = Math.Abs(c[k]);
            bound = size >= 1 ? 1 : Math.Max(bound, Math.Pow(size, 1.0 / (n - k))); // only min(bound, 1) matters
        }

        // Initial guesses on a circle inside the Fujiwara-type bound, rotated off the real axis.
        double radius = Math.Max(Math.Min(bound, 1), 1e-3); // SSA recurrences have their roots near the unit circle
        var circle = UnitCircle(n);
        for (int k = 0; k < n; k++)
        {
            z[k] = circle[k] * radius;
        }

        Span<bool> converged = n <= 256 ? stackalloc bool[n] : new bool[n];
        converged.Clear();
        // Positions padded to a whole number of vectors (the padding stays 0; its ratios are not read).
        int padded = (n + 3) & ~3;
        Span<double> rePadded = padded <= 256 ? stackalloc double[padded] : new double[padded];
        Span<double> imPadded = padded <= 256 ? stackalloc double[padded] : new double[padded];
        rePadded.Clear();
        imPadded.Clear();
        var re = rePadded[..n];
        var im = imPadded[..n];
        for (int k = 0; k < n; k++)
        {
            re[k] = z[k].Real;
            im[k] = z[k].Imaginary;
        }

        int remaining = n;
        Span<double> ratioRe = padded <= 256 ? stackalloc double[padded] : new double[padded];
        Span<double> ratioIm = padded <= 256 ? stackalloc double[padded] : new double[padded];
        for (int iteration = 0; iteration < 80 && remaining > 0; iteration++)
        {
            // Newton ratios p/p' of every root at once: each depends only on its own position, and every root
            // moves once per iteration, so this equals evaluating it just before its update.
            NewtonRatios(c, rePadded, imPadded, ratioRe, ratioIm);
            for (int k = 0; k < n; k++)
            {
                if (converged[k])
                {
                    continue;
                }

                var ratio = new Complex(ratioRe[k], ratioIm[k]);
                if (double.IsNaN(ratio.Real))
                {
                    converged[k] = true; // p(z) = 0 exactly
                    remaining--;
                    continue;
                }

                var (sumRe, sumIm) = InverseDistanceSum(re, im, k);
                var step = ratio / (1 - (ratio * new Complex(sumRe, sumIm)));
                if (!double.IsFinite(step.Real) || !double.IsFinite(step.Imaginary))
                {
                    return false;
                }

                z[k] -= step;
                re[k] = z[k].Real;
                im[k] = z[k].Imaginary;
                if (SquaredMagnitude(step) <= 1e-24 * Math.Max(1, SquaredMagnitude(z[k])))
                {
                    converged[k] = true;
                    remaining--;
                }
            }
        }

        // Newton polishing on the full polynomial.
        for (int k = 0; k < (polish ? n : 0); k++)
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

    private static readonly Complex[]?[] Circles = new Complex[]?[129];

    /// <summary>The n starting points e^{i (2 pi k / n + 0.4)}, computed once per degree (a benign race at worst computes one twice).</summary>
    private static Complex[] UnitCircle(int n)
    {
        var circle = n < Circles.Length ? Circles[n] : null;
        if (circle is null)
        {
            circle = new Complex[n];
            for (int k = 0; k < n; k++)
            {
                circle[k] = Complex.FromPolarCoordinates(1, (2 * Math.PI * k / n) + 0.4);
            }

            if (n < Circles.Length)
            {
                Circles[n] = circle;
            }
        }

        return circle;
    }

    /// <summary>sum over j != k of 1 / (z_k - z_j), four j at a time where the hardware has 256-bit SIMD.</summary>
    private static (double Re, double Im) InverseDistanceSum(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int k)
    {
        int n = re.Length, j = 0;
        double zr = re[k], zi = im[k], sumRe = 0, sumIm = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vr = Vector256.Create(zr);
            var vi = Vector256.Create(zi);
            var accRe = Vector256<double>.Zero;
            var accIm = Vector256<double>.Zero;
            for (; j <= n - 4; j += 4)
            {
                if (k >= j && k < j + 4)
                {
                    for (int i = j; i < j + 4; i++)
                    {
                        Add(zr - re[i], zi - im[i], i != k, ref sumRe, ref sumIm);
                    }

                    continue;
                }

                var dr = vr - Vector256.Create(re.Slice(j, 4));
                var di = vi - Vector256.Create(im.Slice(j, 4));
                var inverse = Vector256<double>.One / ((dr * dr) + (di * di));
                accRe += dr * inverse;
                accIm -= di * inverse;
            }

            sumRe += Vector256.Sum(accRe);
            sumIm += Vector256.Sum(accIm);
        }

        for (; j < n; j++)
        {
            Add(zr - re[j], zi - im[j], j != k, ref sumRe, ref sumIm);
        }

        return (sumRe, sumIm);

        static void Add(double dr, double di, bool use, ref double sumRe, ref double sumIm)
        {
            if (use)
            {
                // 1 / (dr + i di) in real arithmetic (Complex division is several times slower).
                double inverse = 1 / ((dr * dr) + (di * di));
                sumRe += dr * inverse;
                sumIm -= di * inverse;
            }
        }
    }

    /// <summary>
    /// p(z)/p'(z) at every position (NaN where p(z) = 0; the positions padded to a multiple of 4): Horner
    /// recurrences for p and p' with 4 roots in the lanes of a vector and two vectors advanced together. The ratio itself is a Complex division per root.
    /// </summary>
    private static void NewtonRatios(ReadOnlySpan<double> c, ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> ratioRe, Span<double> ratioIm)
    {
        int padded = re.Length;
        for (int batch = 0; batch < padded; batch += 8)
        {
            bool two = batch + 4 < padded;
            var a0 = Vector256.Create(re.Slice(batch, 4));
            var b0 = Vector256.Create(im.Slice(batch, 4));
            var a1 = two ? Vector256.Create(re.Slice(batch + 4, 4)) : Vector256<double>.Zero;
            var b1 = two ? Vector256.Create(im.Slice(batch + 4, 4)) : Vector256<double>.Zero;
            Vector256<double> p0r = Vector256<double>.One, p0i = Vector256<double>.Zero, d0r = Vector256<double>.Zero, d0i = Vector256<double>.Zero;
            Vector256<double> p1r = Vector256<double>.One, p1i = Vector256<double>.Zero, d1r = Vector256<double>.Zero, d1i = Vector256<double>.Zero;
            for (int k = c.Length - 1; k >= 0; k--)
            {
                var ck = Vector256.Create(c[k]);
                var t0 = (d0r * a0) - (d0i * b0) + p0r;
                d0i = (d0r * b0) + (d0i * a0) + p0i;
                d0r = t0;
                t0 = (p0r * a0) - (p0i * b0) + ck;
                p0i = (p0r * b0) + (p0i * a0);
                p0r = t0;
                var t1 = (d1r * a1) - (d1i * b1) + p1r;
                d1i = (d1r * b1) + (d1i * a1) + p1i;
                d1r = t1;
                t1 = (p1r * a1) - (p1i * b1) + ck;
                p1i = (p1r * b1) + (p1i * a1);
                p1r = t1;
            }

            Ratios(p0r, p0i, d0r, d0i, ratioRe.Slice(batch, 4), ratioIm.Slice(batch, 4));
            if (two)
            {
                Ratios(p1r, p1i, d1r, d1i, ratioRe.Slice(batch + 4, 4), ratioIm.Slice(batch + 4, 4));
            }
        }
    }

    private static void Ratios(Vector256<double> pr, Vector256<double> pi, Vector256<double> dr, Vector256<double> di, Span<double> re, Span<double> im)
    {
        for (int lane = 0; lane < 4; lane++)
        {
            double a = pr[lane], b = pi[lane], x = dr[lane], y = di[lane];
            if (a == 0 && b == 0)
            {
                re[lane] = im[lane] = double.NaN;
                continue;
            }

            var ratio = new Complex(a, b) / new Complex(x, y);
            re[lane] = ratio.Real;
            im[lane] = ratio.Imaginary;
        }
    }

    private static double SquaredMagnitude(Complex z) => (z.Real * z.Real) + (z.Imaginary * z.Imaginary);

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

            if (z[k].Imaginary * z[k].Imaginary <= 1e-20 * Math.Max(1, SquaredMagnitude(z[k])))
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
                    double dist = SquaredMagnitude(z[j] - Complex.Conjugate(z[k])); // squared: same order
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
