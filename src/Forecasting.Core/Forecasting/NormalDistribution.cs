namespace Forecasting.Core.Forecasting;

/// <summary>The standard normal distribution: quantile, density, distribution and loss functions.</summary>
public static class NormalDistribution
{
    // Wichura, Algorithm AS 241 (PPND16), Applied Statistics 37(3), 1988: coefficients lowest degree first.
    private static readonly double[] CentralNumerator = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
    private static readonly double[] CentralDenominator = [1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852545925];
    private static readonly double[] NearNumerator = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
    private static readonly double[] NearDenominator = [1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
    private static readonly double[] TailNumerator = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
    private static readonly double[] TailDenominator = [1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];

    /// <summary>
    /// z such that P(Z &lt;= z) = <paramref name="p"/>, by Wichura's AS 241, accurate to about 1e-16.
    /// Returns -inf / +inf at 0 / 1 and NaN outside [0, 1].
    /// </summary>
    public static double InverseCdf(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        double q = p - 0.5;
        if (Math.Abs(q) <= 0.425)
        {
            double r = 0.180625 - (q * q);
            return q * Polynomial(r, CentralNumerator) / Polynomial(r, CentralDenominator);
        }

        double s = Math.Sqrt(-Math.Log(q < 0 ? p : 1 - p));
        double value = s <= 5
            ? Polynomial(s - 1.6, NearNumerator) / Polynomial(s - 1.6, NearDenominator)
            : Polynomial(s - 5, TailNumerator) / Polynomial(s - 5, TailDenominator);
        return q < 0 ? -value : value;
    }

    private static double Polynomial(double x, double[] coefficients)
    {
        double result = 0;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            result = (result * x) + coefficients[i];
        }

        return result;
    }

    /// <summary>Density phi(z).</summary>
    public static double Pdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

    /// <summary>P(Z &lt;= z), through erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>Standard loss function E[(Z - z)+] = phi(z) - z (1 - Phi(z)): expected shortage of a unit
    /// normal demand against stock z.</summary>
    public static double Loss(double z) => Math.Max(0, Pdf(z) - (z * (1 - Cdf(z))));

    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + (0.5 * z));
        double[] c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        double poly = c[^1];
        for (int k = c.Length - 2; k >= 0; k--)
        {
            poly = c[k] + (t * poly);
        }

        double r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
