using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Tests.Forecasting;

public class NaiveForecasterTests
{
    private const double Z90 = 1.2815515655446004;
    private static readonly DateOnly Monday = new(2025, 1, 6);

    private static DemandSeries Series(string sku, params double[] values) => new(new SeriesKey(sku, "north"), Granularity.Day, Monday, values);

    [Fact]
    public void Repeats_the_last_value_with_intervals_widening_as_sqrt_h()
    {
        // Residuals y_t - y_{t-1}: -2, 1, 2; sigma = sqrt((4 + 1 + 4) / 3) = sqrt(3).
        var forecast = new NaiveForecaster().Forecast([Series("A", 5, 3, 4, 6)], new ForecastRequest { Horizon = 3 }).Single();

        Assert.Equal([6.0, 6, 6], forecast.Mean.ToArray());
        Assert.Equal(new DateOnly(2025, 1, 10), forecast.FirstTarget);
        Assert.Equal("Naive", forecast.Model);
        Assert.Equal([6.0, 6, 6], forecast.Quantile(0.5).ToArray());
        Assert.Equal(6 + (Z90 * Math.Sqrt(3)), forecast.Quantile(0.9)[0], 12);
        Assert.Equal(6 + (Z90 * Math.Sqrt(3) * Math.Sqrt(2)), forecast.Quantile(0.9)[1], 12);
        Assert.Equal(6 - (Z90 * Math.Sqrt(3)), forecast.Quantile(0.1)[0], 12);
    }

    [Fact]
    public void Quantiles_are_ordered_at_every_step()
    {
        var forecast = new NaiveForecaster().Forecast([Series("A", 4, 9, 2, 7, 3)], new ForecastRequest { Horizon = 5, QuantileLevels = [0.05, 0.1, 0.5, 0.9, 0.95] }).Single();

        for (int h = 0; h < 5; h++)
        {
            for (int l = 1; l < 5; l++)
            {
                Assert.True(forecast.Quantile(l)[h] >= forecast.Quantile(l - 1)[h]);
            }
        }
    }

    [Fact]
    public void Non_negative_clamps_quantiles_at_zero_unless_turned_off()
    {
        // Last value 1, residuals +-1: sigma 1, p10 = 1 - 1.2816 < 0.
        var series = Series("A", 1, 0, 1, 0, 1);

        var clamped = new NaiveForecaster().Forecast([series], new ForecastRequest { Horizon = 1 }).Single();
        var raw = new NaiveForecaster().Forecast([series], new ForecastRequest { Horizon = 1, NonNegative = false }).Single();

        Assert.Equal(0, clamped.Quantile(0.1)[0]);
        Assert.Equal(1 - Z90, raw.Quantile(0.1)[0], 12);
    }

    [Fact]
    public void A_series_without_history_gets_a_zero_forecast()
    {
        var forecast = new NaiveForecaster().Forecast([Series("A")], new ForecastRequest { Horizon = 2 }).Single();

        Assert.Equal([0.0, 0], forecast.Mean.ToArray());
        Assert.Equal([0.0, 0], forecast.Quantile(0.9).ToArray());
    }

    [Fact]
    public void A_batch_returns_one_forecast_per_series_in_order()
    {
        var forecasts = new NaiveForecaster().Forecast([Series("A", 1, 2), Series("B", 3), Series("C", 5, 5, 8)], new ForecastRequest { Horizon = 1 });

        Assert.Equal(["A", "B", "C"], forecasts.Select(f => f.Key.Sku));
        Assert.Equal([2.0, 3, 8], forecasts.Select(f => f.Mean[0]));
    }

    [Fact]
    public void Invalid_requests_are_refused()
    {
        var naive = new NaiveForecaster();
        Assert.Throws<ArgumentException>(() => naive.Forecast([Series("A", 1)], new ForecastRequest { Horizon = 0 }));
        Assert.Throws<ArgumentException>(() => naive.Forecast([Series("A", 1)], new ForecastRequest { Horizon = 1, QuantileLevels = [0.9, 0.1] }));
        Assert.Throws<ArgumentException>(() => naive.Forecast([Series("A", 1)], new ForecastRequest { Horizon = 1, QuantileLevels = [1.0] }));
    }
}
