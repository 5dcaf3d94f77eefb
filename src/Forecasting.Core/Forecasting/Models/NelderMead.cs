namespace Forecasting.Core.Forecasting.Models;

/// <summary>Bounded Nelder-Mead simplex minimisation (points clamped into the box), deterministic. Stops
/// when the simplex's values differ by at most tolerance x (|best| + floor), or after maxEvaluations.</summary>
internal static class NelderMead
{
    public static double[] Minimize(Func<double[], double> f, double[] start, double[] lower, double[] upper, int maxEvaluations = 300, double tolerance = 1e-7, double floor = 1e-12)
    {
        int n = start.Length;
        var points = new double[n + 1][];
        var values = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            points[i] = (double[])start.Clone();
            if (i > 0)
            {
                double span = upper[i - 1] - lower[i - 1];
                points[i][i - 1] += points[i][i - 1] + (0.1 * span) <= upper[i - 1] ? 0.1 * span : -0.1 * span;
            }

            values[i] = f(Clamp(points[i], lower, upper));
        }

        int evaluations = n + 1;
        while (evaluations < maxEvaluations)
        {
            Array.Sort(values, points);
            if (Math.Abs(values[n] - values[0]) <= tolerance * (Math.Abs(values[0]) + floor))
            {
                break;
            }

            var centroid = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    centroid[j] += points[i][j] / n;
                }
            }

            double[] Along(double t) => Clamp([.. centroid.Select((c, j) => c + (t * (points[n][j] - c)))], lower, upper);
            var reflected = Along(-1);
            double fr = f(reflected);
            evaluations++;
            if (fr < values[0])
            {
                var expanded = Along(-2);
                double fe = f(expanded);
                evaluations++;
                (points[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (points[n], values[n]) = (reflected, fr);
            }
            else
            {
                var contracted = Along(0.5);
                double fc = f(contracted);
                evaluations++;
                if (fc < values[n])
                {
                    (points[n], values[n]) = (contracted, fc);
                }
                else
                {
                    for (int i = 1; i <= n; i++)
                    {
                        points[i] = Clamp([.. points[i].Select((p, j) => points[0][j] + (0.5 * (p - points[0][j])))], lower, upper);
                        values[i] = f(points[i]);
                        evaluations++;
                    }
                }
            }
        }

        Array.Sort(values, points);
        return Clamp(points[0], lower, upper);
    }

    private static double[] Clamp(double[] point, double[] lower, double[] upper)
    {
        for (int j = 0; j < point.Length; j++)
        {
            point[j] = Math.Clamp(point[j], lower[j], upper[j]);
        }

        return point;
    }
}
