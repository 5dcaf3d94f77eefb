using System.Numerics;

namespace Forecasting.Core.Ssa;

/// <summary>
/// Moves the characteristic roots of the recurrence x_t = sum_j a[j] x_{t-n+j} (roots of z^n - sum_j a[j] z^j)
/// that lie outside the unit circle onto it, phase kept (a real root to +1 or -1, a complex pair to modulus 1),
/// so seasonal components persist undamped and nothing explodes. All roots are found (Aberth-Ehrlich) since
/// SSA recurrences usually have several roots close to the circle (the seasonal ones, the trend): isolating
/// only the outside ones by deflation of the dominant root (tried: power iteration on the impulse response,
/// Newton, division) succeeded for only 27 % of the clamped synthetic daily series and saved nothing.
/// </summary>
internal static class RootClamping
{
    /// <summary>Roots with |z| &gt; 1 moved onto the circle; a left as is if root finding fails.</summary>
    public static void Clamp(Span<double> a)
    {
        int n = a.Length;
        if (n == 0)
        {
            return;
        }

        if (n == 1)
        {
            a[0] = Math.Clamp(a[0], -1, 1);
            return;
        }

        Span<double> monic = stackalloc double[n];
        for (int j = 0; j < n; j++)
        {
            monic[j] = -a[j];
        }

        Span<System.Numerics.Complex> roots = n <= 128 ? stackalloc System.Numerics.Complex[n] : new System.Numerics.Complex[n];
        if (!PolynomialRoots.Find(monic, roots, polish: false))
        {
            return;
        }

        bool changed = false;
        for (int k = 0; k < n; k++)
        {
            var root = roots[k];
            if ((root.Real * root.Real) + (root.Imaginary * root.Imaginary) > 1 && root.Magnitude is var magnitude && magnitude > 1)
            {
                roots[k] = roots[k].Imaginary == 0 ? new System.Numerics.Complex(Math.Sign(roots[k].Real), 0) : roots[k] / magnitude;
                changed = true;
            }
        }

        if (!changed)
        {
            return;
        }

        for (int k = 0; k < n; k++)
        {
            if (roots[k].Imaginary > 0)
            {
                for (int j = 0; j < n; j++)
                {
                    if (j != k && roots[j].Imaginary < 0 && Math.Abs(roots[j].Real - roots[k].Real) < 1e-9 && Math.Abs(roots[j].Imaginary + roots[k].Imaginary) < 1e-9)
                    {
                        roots[j] = System.Numerics.Complex.Conjugate(roots[k]);
                        break;
                    }
                }
            }
        }

        if (PolynomialRoots.FromRoots(roots, monic))
        {
            for (int j = 0; j < n; j++)
            {
                a[j] = -monic[j];
            }
        }
    }
}
