using System.Globalization;
using Forecasting.Core.Domain;

namespace Forecasting.Core.Synthetic;

/// <summary>
/// The daily series the speed benchmarks run on (as in ssa-speed.md): level log-uniform 0.5-500 a day,
/// linear trend -40 % to +100 % over the span, a weekly profile, a mild yearly cycle, Poisson counts.
/// Deterministic per index.
/// </summary>
public static class BenchmarkSeries
{
    private static readonly double[] Weekday = [1.12, 0.99, 0.96, 0.95, 0.90, 0.86, 1.22];

    public static List<DemandSeries> Daily(int count, int days)
    {
        var start = new DateOnly(2024, 11, 25);
        var list = new List<DemandSeries>(count);
        for (int s = 0; s < count; s++)
        {
            var random = RandomSource.For(2026, 7, (ulong)s);
            double level = Math.Exp(random.Uniform(Math.Log(0.5), Math.Log(500)));
            double trend = random.Uniform(-0.4, 1.0);
            double yearly = random.Uniform(0, 0.3);
            double phase = random.Uniform(0, 2 * Math.PI);
            var values = new double[days];
            for (int t = 0; t < days; t++)
            {
                double mean = level * (1 + (trend * t / days)) * Weekday[t % 7] * (1 + (yearly * Math.Sin((2 * Math.PI * t / 365.25) + phase)));
                values[t] = random.Poisson(Math.Max(0, mean));
            }

            list.Add(new DemandSeries(new SeriesKey("S" + s.ToString(CultureInfo.InvariantCulture), "bench"), Granularity.Day, start, values));
        }

        return list;
    }
}
