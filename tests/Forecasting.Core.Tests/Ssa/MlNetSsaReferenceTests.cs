using Forecasting.Core.Ssa;

namespace Forecasting.Core.Tests.Ssa;

/// <summary>
/// Equivalence with ML.NET's ForecastBySsa: the vectors of ssa-spec.md section 6. Sources: 6.1 are the
/// numbers asserted by dotnet/machinelearning test/Microsoft.ML.TimeSeries.Tests/TimeSeriesDirectApi.cs
/// (tests SsaForecast and SsaForecastPredictionEngine, .NET Core set); 6.2 are printed by the docs samples
/// docs/samples/Microsoft.ML.Samples/Dynamic/Transforms/TimeSeries/Forecasting*.cs; 6.3 and 6.4 come from
/// the spec authors' double-precision reference. Tolerance 1e-4 as the spec recommends.
/// </summary>
public class MlNetSsaReferenceTests
{
    private const double Tolerance = 1e-4;

    /// <summary>0..9 five times, then 0, 100, ..., 900 (only the first 22 values train).</summary>
    private static double[] TestData() => [.. Enumerable.Range(0, 50).Select(i => (double)(i % 10)), .. Enumerable.Range(0, 10).Select(i => i * 100.0)];

    private static readonly MlNetSsaOptions CaseA = new() { WindowSize = 10, TrainSize = 22 };

    private static readonly MlNetSsaOptions CaseC = new() { WindowSize = 5, TrainSize = 15 };

    private static double[] DocsData() => [.. Enumerable.Range(0, 15).Select(i => (double)(i % 5))];

    private static void Near(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static void Near(SsaForecast forecast, double[] mean, double[] lower, double[] upper)
    {
        Near(mean, forecast.Mean, "forecast");
        Near(lower, forecast.Lower, "lower");
        Near(upper, forecast.Upper, "upper");
    }

    [Fact]
    public void A_fit_then_feed_the_first_row_forecast_4()
    {
        var model = MlNetSsa.Fit(TestData(), CaseA);
        model.Update(0);

        Near(model.Forecast(4),
            [0.191492021, 2.53994060, 5.26454258, 7.37313938],
            [-3.9741986, -2.36872721, 0.09407699, 2.18899393],
            [4.3571825, 7.4486084, 10.435008, 12.5572853]);
    }

    [Fact]
    public void B_prediction_engine_forecasts_updates_and_checkpoint()
    {
        var model = MlNetSsa.Fit(TestData(), CaseA);

        Near(model.Forecast(5),
            [-1.02245092, 0.08333033, 2.6073704, 5.397318, 7.5008316],
            [-5.1881413, -4.82533741, -2.563095, 0.21317233, 2.29317045],
            [3.1432397, 4.991998, 7.777836, 10.581464, 12.708492]);

        model.Update(2);
        model.Update(2);
        Near(model.Forecast(4),
            [4.310586, 6.397167, 7.73934, 8.029469],
            [0.14489543, 1.48849952, 2.5688744, 2.845323],
            [8.476276, 11.305835, 12.909805, 13.2136145]);

        var reloaded = SsaModel.Restore(model.Checkpoint());
        model.Update(3);
        reloaded.Update(3);
        var original = model.Forecast(5);
        var restored = reloaded.Forecast(5);
        Near(original,
            [6.006588, 7.506871, 7.964249, 7.1751432, 5.0265527],
            [1.84089744, 2.5982034, 2.7937837, 1.9909977, -0.1811084],
            [10.172278, 12.415539, 13.1347151, 12.359289, 10.234214]);
        Assert.Equal(original.Mean, restored.Mean);
        Assert.Equal(original.Lower, restored.Lower);
    }

    [Fact]
    public void C_docs_sample_forecast_then_four_zeros()
    {
        var model = MlNetSsa.Fit(DocsData(), CaseC);

        Near(model.Forecast(5),
            [1.977226, 1.020494, 1.760543, 3.437509, 4.266461],
            [0.3451088, -0.7967533, -0.058467, 1.61505, 2.349299],
            [3.609343, 2.83774, 3.579552, 5.259968, 6.183623]);

        var reloaded = SsaModel.Restore(model.Checkpoint());
        foreach (var m in new[] { model, reloaded })
        {
            for (int i = 0; i < 4; i++)
            {
                m.Update(0);
            }

            Near(m.Forecast(5),
                [1.791331, 1.255525, 0.3060154, -0.200446, 0.5657795],
                [0.1592142, -0.5617217, -1.512994, -2.022905, -1.351382],
                [3.423448, 3.072772, 2.125025, 1.622013, 2.482941]);
        }
    }

    [Fact]
    public void Intermediate_values_of_case_A()
    {
        var model = MlNetSsa.Fit(TestData(), CaseA);

        Assert.Equal(4, model.Rank);
        Near([0.249021, 0.032073, 0.043286, 0.103225, 0.029137, -0.147051, -0.204348, 0.025414, 0.862649], model.Coefficients.ToArray(), "stabilised a");
        Assert.Equal(1.553882, model.ObservationVariance, 5);
        Assert.Equal(2.963408, model.ArVariance, 5);
        Near([3.525343, 4.058896, 4.555015, 5.812861, 7.548995, 8.474619, 7.544607, 1.717205, -0.351700], model.State.ToArray(), "state");
    }

    [Fact]
    public void Case_A_without_stabilisation_keeps_the_explosive_recurrence()
    {
        var model = MlNetSsa.Fit(TestData(), CaseA with { Stabilize = false });

        Near([0.269350, 0.051329, 0.055343, 0.108970, 0.022051, -0.178048, -0.254259, -0.008510, 0.926890], model.Coefficients.ToArray(), "a");
        Near([-1.557907, -0.562679, 2.308283, 5.885234, 8.920999], model.Forecast(5).Mean, "forecast");
    }

    [Fact]
    public void Intermediate_values_of_case_C()
    {
        var model = MlNetSsa.Fit(DocsData(), CaseC);

        Assert.Equal(3, model.Rank);
        Near([0.799310, -0.424425, -0.370195, 1.096990], model.Coefficients.ToArray(), "a");
        Assert.Equal(0.453978, model.ObservationVariance, 5);
        Assert.Equal(0.239458, model.ArVariance, 5);
        Near([0.500629, 2.013716, 3.526804, 3.406910], model.State.ToArray(), "state");
    }

    [Fact]
    public void Window_one_longer_than_the_period_is_exact()
    {
        // ssa-spec.md 6.4 (spec reference, not ML.NET): L = 6 on the period-5 docs data.
        var model = MlNetSsa.Fit(DocsData(), CaseC with { WindowSize = 6 });
        var forecast = model.Forecast(5);

        Assert.Equal(5, model.Rank);
        Near([0, 1, 2, 3, 4], forecast.Mean, "forecast");
        Near([0, 1, 2, 3, 4], forecast.Lower, "lower");
    }

    [Fact]
    public void Fast_rank_selection_and_its_divisor_one_intervals()
    {
        // ssa-spec.md 6.4: case-A data, method Fast.
        var model = MlNetSsa.Fit(TestData(), CaseA with { RankSelection = SsaRankSelection.Fast });

        Assert.Equal(4, model.Rank);
        Assert.Equal(2.213922, model.ObservationVariance, 5);
        Assert.Equal(23.969463, model.ArVariance, 4);
        Near(model.Forecast(4),
            [-1.022451, 0.083330, 2.607370, 5.397318],
            [-11.051528, -12.371197, -10.676390, -7.929498],
            [9.006627, 12.537858, 15.891131, 18.724134]);
    }

    [Fact]
    public void Fixed_rank_three()
    {
        // ssa-spec.md 6.4: case-A data, method Fixed, rank 3.
        var model = MlNetSsa.Fit(TestData(), CaseA with { RankSelection = SsaRankSelection.Fixed, Rank = 3 });

        Near(model.Forecast(4),
            [0.292542, -2.759562, -5.416508, -7.616511],
            [-24.591521, -35.078852, -48.592135, -63.308583],
            [25.176606, 29.559728, 37.759120, 48.075561]);
    }

    [Fact]
    public void Too_few_points_leave_the_model_untrained_with_zero_forecasts()
    {
        var model = MlNetSsa.Fit([1, 2, 3, 4, 5, double.NaN, 6], new MlNetSsaOptions { WindowSize = 3, TrainSize = 7 });

        Assert.False(model.IsTrained);
        Assert.All(model.Forecast(3).Mean, v => Assert.Equal(0, v));
    }
}
