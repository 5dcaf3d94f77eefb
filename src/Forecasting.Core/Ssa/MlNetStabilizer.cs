using System.Numerics;

namespace Forecasting.Core.Ssa;

/// <summary>
/// Stabilisation of the SSA linear recurrence as ML.NET's <c>ForecastBySsa</c> does it (ssa-spec.md
/// section 2.7): find the roots of the characteristic polynomial z^n - sum a[j] z^j, flatten roots whose
/// period exceeds the window, pull explosive roots onto the allowed radius (1 unless a growth bound is
/// given), damp a polynomial trend to roots {1, 0.99}, and rebuild the coefficients. Differences from
/// ML.NET, documented: the coefficients are rebuilt in double (ML.NET uses decimal), roots come from an
/// Aberth iteration (ML.NET: companion-matrix Hessenberg QR), and the rarely reached merging of close
/// explosive seasonal roots clusters same-sign neighbours closer than 0.05 rad into their polar mean.
/// </summary>
public static class MlNetStabilizer
{
    private const double Eps = 1e-9;

    /// <param name="a">Recurrence coefficients (a[n-1] multiplies the newest value); replaced in place on success.</param>
    /// <param name="window">The SSA window L (periods longer than L are treated as trend).</param>
    /// <param name="maxGrowthPerStep">rho = Growth^(1/TimeSpan), or +infinity for no bound.</param>
    /// <returns>False if the roots or the rebuild failed; <paramref name="a"/> is then unchanged.</returns>
    public static bool Stabilize(Span<double> a, int window, double maxGrowthPerStep = double.PositiveInfinity)
    {
        int n = a.Length;
        if (n == 0)
        {
            return true;
        }

        if (n == 1)
        {
            a[0] = Math.Clamp(a[0], -1, 1);
            return true;
        }

        Span<double> monic = n <= 256 ? stackalloc double[n] : new double[n];
        for (int j = 0; j < n; j++)
        {
            monic[j] = -a[j];
        }

        var roots = new Complex[n];
        if (!PolynomialRoots.Find(monic, roots))
        {
            return false;
        }

        // 2. Explosive real roots (trend set), on the original roots.
        var trend = new List<int>();
        for (int k = 0; k < n; k++)
        {
            double phase = roots[k].Phase;
            if (roots[k].Magnitude > 1 && (Math.Abs(phase) <= Eps || Math.Abs(phase) >= Math.PI - Eps))
            {
                trend.Add(k);
            }
        }

        // 3. Unobserved seasonality: periods longer than the window become trend.
        bool polynomialTrend = false;
        var explosiveSeasonal = new List<(double Phase, int Index)>();
        for (int k = 0; k < n; k++)
        {
            double phase = roots[k].Phase;
            if (phase == 0)
            {
                continue;
            }

            double magnitude = roots[k].Magnitude;
            if (magnitude >= 1 && 2 * Math.PI / Math.Abs(phase) > window)
            {
                roots[k] = new Complex(roots[k].Real, 0);
                polynomialTrend = true;
            }
            else if (magnitude > 1)
            {
                explosiveSeasonal.Add((phase, k));
            }
        }

        double rho = maxGrowthPerStep;
        if (rho > 1)
        {
            if (explosiveSeasonal.Count > 1 && polynomialTrend)
            {
                MergeCloseRoots(roots, explosiveSeasonal);
            }

            if (!polynomialTrend)
            {
                int i1 = trend.FirstOrDefault(k => Math.Abs(roots[k].Phase) <= Eps, -1);
                int i2 = -1;
                if (i1 >= 0)
                {
                    for (int k = 0; k < n; k++)
                    {
                        if (k != i1 && Math.Abs(roots[k].Phase) <= Eps && roots[k].Magnitude >= 0.9)
                        {
                            i2 = k;
                            break;
                        }
                    }
                }

                if (i1 >= 0 && i2 >= 0)
                {
                    roots[i1] = Complex.One;
                    roots[i2] = Complex.One;
                    polynomialTrend = true;
                }
            }
        }

        // 5. Trend magnitude cap.
        double cap;
        if (polynomialTrend)
        {
            cap = Math.Min(1, rho);
            foreach (int k in trend)
            {
                roots[k] = Complex.FromPolarCoordinates(0.99, roots[k].Phase);
            }
        }
        else
        {
            cap = 1;
            bool found = false;
            for (int k = 0; k < n; k++)
            {
                if (roots[k].Magnitude > 1 && Math.Abs(roots[k].Phase) <= Eps)
                {
                    cap = found ? Math.Max(cap, roots[k].Magnitude) : roots[k].Magnitude;
                    found = true;
                }
            }

            cap = Math.Min(cap, rho);
        }

        // 6. Squeeze, 7. snap.
        double squeezed = Math.Min(cap, (cap + 1) / 2);
        for (int k = 0; k < n; k++)
        {
            double phase = roots[k].Phase;
            if (roots[k].Magnitude >= cap)
            {
                bool highFrequency = (phase > Math.PI / 2 && phase < Math.PI - Eps) || (phase > -Math.PI + Eps && phase < -Math.PI / 2);
                roots[k] = Complex.FromPolarCoordinates(highFrequency ? squeezed : cap, phase);
            }

            phase = roots[k].Phase;
            if (Math.Abs(phase) <= Eps)
            {
                roots[k] = new Complex(roots[k].Magnitude, 0);
            }
            else if (Math.Abs(phase) >= Math.PI - Eps)
            {
                roots[k] = new Complex(-roots[k].Magnitude, 0);
            }
        }

        // Conjugate pairs stay exact conjugates through the polar round trip only up to rounding: re-pair.
        RePair(roots);
        Span<double> rebuilt = n <= 256 ? stackalloc double[n] : new double[n];
        if (!PolynomialRoots.FromRoots(roots, rebuilt))
        {
            return false;
        }

        for (int j = 0; j < n; j++)
        {
            if (!double.IsFinite(rebuilt[j]))
            {
                return false;
            }
        }

        for (int j = 0; j < n; j++)
        {
            a[j] = -rebuilt[j];
        }

        return true;
    }

    private static void MergeCloseRoots(Complex[] roots, List<(double Phase, int Index)> components)
    {
        components.Sort((x, y) => x.Phase.CompareTo(y.Phase));
        int start = 0;
        for (int i = 1; i <= components.Count; i++)
        {
            bool breaks = i == components.Count
                || Math.Sign(components[i].Phase) != Math.Sign(components[i - 1].Phase)
                || components[i].Phase - components[i - 1].Phase > 0.05;
            if (!breaks)
            {
                continue;
            }

            if (i - start > 1)
            {
                double magnitude = 0, phase = 0;
                for (int j = start; j < i; j++)
                {
                    magnitude += roots[components[j].Index].Magnitude;
                    phase += components[j].Phase;
                }

                var mean = Complex.FromPolarCoordinates(magnitude / (i - start), phase / (i - start));
                for (int j = start; j < i; j++)
                {
                    roots[components[j].Index] = mean;
                }
            }

            start = i;
        }
    }

    /// <summary>Makes every complex root's partner its exact conjugate (the one with the closest value).</summary>
    private static void RePair(Complex[] roots)
    {
        int n = roots.Length;
        var paired = new bool[n];
        for (int k = 0; k < n; k++)
        {
            if (paired[k] || roots[k].Imaginary <= 0)
            {
                continue;
            }

            int best = -1;
            double distance = double.MaxValue;
            for (int j = 0; j < n; j++)
            {
                if (!paired[j] && j != k && roots[j].Imaginary < 0)
                {
                    double d = (roots[j] - Complex.Conjugate(roots[k])).Magnitude;
                    if (d < distance)
                    {
                        distance = d;
                        best = j;
                    }
                }
            }

            if (best >= 0 && distance < 1e-9 * Math.Max(1, roots[k].Magnitude))
            {
                roots[best] = Complex.Conjugate(roots[k]);
                paired[k] = paired[best] = true;
            }
        }
    }
}
