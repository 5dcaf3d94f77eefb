using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Models;
using Forecasting.Core.Ssa;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Models;

/// <summary>Cross-validation from one fit (<see cref="IOriginForecaster"/>): what each model forecasts at a rolling origin.</summary>
public class OriginForecastTests
{
    private static readonly ForecastRequest Request = new() { Horizon = 7, SeasonLength = 7 };

    private static DemandSeries Series(double[] values) => new(new SeriesKey("A", "north"), Granularity.Day, new DateOnly(2025, 1, 6), values);

    /// <summary>Positive demand with two leading gaps and one inside (the models' cleaning shifts positions).</summary>
    private static double[] Demand()
    {
        var random = new RandomSource(11);
        double[] y = [.. Enumerable.Range(0, 120).Select(t => random.Chance(0.3) ? 0 : 5 + (t % 7) + random.Between(0, 6))];
        y[0] = y[1] = y[60] = double.NaN;
        return y;
    }

    public static TheoryData<string> ExactModels => ["naive", "snaive", "croston", "sba", "tsb", "wavg"];

    private static IOriginForecaster Model(string name) => name switch
    {
        "naive" => new NaiveForecaster(),
        "snaive" => new SeasonalNaiveForecaster(),
        "croston" => new IntermittentForecaster(IntermittentMethod.Croston),
        "sba" => new IntermittentForecaster(IntermittentMethod.Sba),
        "tsb" => new IntermittentForecaster(IntermittentMethod.Tsb),
        _ => new WindowAverageForecaster(14),
    };

    [Theory]
    [MemberData(nameof(ExactModels))]
    public void Models_without_fitted_parameters_forecast_an_origin_exactly_as_a_refit_before_it(string name)
    {
        var model = Model(name);
        var series = Series(Demand());
        int[] cuts = [113, 106, 99, 62, 10];
        var origins = new double[cuts.Length * 7];

        var final = model.ForecastWithOrigins(series, Request, cuts, origins);

        Assert.Equal(model.Forecast([series], Request)[0].Mean.ToArray(), final.Mean.ToArray());
        for (int j = 0; j < cuts.Length; j++)
        {
            var refit = model.Forecast([series.Slice(0, cuts[j])], Request)[0].Mean.ToArray();
            Assert.Equal(refit, origins.AsSpan(j * 7, 7).ToArray());
        }
    }

    [Fact]
    public void Ses_fits_alpha_on_the_whole_history_and_smooths_only_the_values_before_each_origin()
    {
        var series = Series(Demand());
        double[] clean = [.. series.Values[2..].ToArray().Select((v, t) => double.IsNaN(v) ? 0 : v)];
        clean[58] = clean[57]; // the gap at 60 takes the previous value
        double alpha = SesForecaster.FitAlpha(clean);
        int[] cuts = [113, 50];
        var origins = new double[14];

        new SesForecaster().ForecastWithOrigins(series, Request, cuts, origins);

        Assert.Equal(SesForecaster.Smooth(clean.AsSpan(0, 111), alpha).Level, origins[0], 12);
        Assert.Equal(SesForecaster.Smooth(clean.AsSpan(0, 48), alpha).Level, origins[7], 12);
        Assert.All(origins.AsSpan(0, 7).ToArray(), v => Assert.Equal(origins[0], v));
    }

    [Fact]
    public void Holt_and_theta_follow_a_trend_from_each_origin()
    {
        double[] line = [.. Enumerable.Range(0, 100).Select(t => 10 + (2.0 * t))];
        int[] cuts = [93, 60, 30];
        var holt = new double[21];
        var theta = new double[21];
        var request = new ForecastRequest { Horizon = 7, SeasonLength = 1 };

        new HoltDampedForecaster().ForecastWithOrigins(Series(line), request, cuts, holt);
        new ThetaForecaster().ForecastWithOrigins(Series(line), request, cuts, theta);

        for (int j = 0; j < cuts.Length; j++)
        {
            Assert.InRange(holt[j * 7], line[cuts[j]] - 1, line[cuts[j]] + 1); // the next value of the line
            Assert.InRange(theta[(j * 7) + 1] - theta[j * 7], 0.9, 1.1); // Theta continues half the slope
        }
    }

    [Fact]
    public void Ssa_forecasts_each_origin_from_the_values_before_it()
    {
        // Level + weekly sinusoid: rank 3 reproduces it exactly from any L consecutive values.
        double[] y = [.. Enumerable.Range(0, 200).Select(t => 50 + (10 * Math.Sin(2 * Math.PI * t / 7)))];
        int[] cuts = [186, 181, 175];
        var origins = new double[21];

        var final = new SsaForecaster().ForecastWithOrigins(Series(y), Request, cuts, origins);

        Assert.Equal("SSA", final.Model);
        for (int j = 0; j < cuts.Length; j++)
        {
            for (int k = 0; k < 7; k++)
            {
                Assert.Equal(y[cuts[j] + k], origins[(j * 7) + k], 6);
            }
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(33)]
    [InlineData(34)]
    [InlineData(36)]
    [InlineData(730)]
    public void Blocked_holt_sse_equals_the_plain_recursion(int length)
    {
        var random = new RandomSource((ulong)length);
        double level = 40;
        double[] y = [.. Enumerable.Range(0, length).Select(t => Math.Max(0, (level += random.Normal(0.1, 2)) + random.Normal(0, 4)))];
        var blocked = new HoltSse(y);
        foreach (var (alpha, beta, phi) in new[] { (0.0001, 0.0001, 0.8), (0.3, 0.1, 0.9), (0.9999, 0.9999, 0.98), (0.05, 0.5, 0.95) })
        {
            double plain = HoltDampedForecaster.Run(y, alpha, beta, phi).Sse;
            Assert.Equal(plain, blocked.Evaluate(alpha, beta, phi), 1e-9 * plain);
        }
    }
}
