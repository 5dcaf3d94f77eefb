using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Selection;

namespace Forecasting.Core.Tests.Forecasting.Selection;

public class ZeroForecastsTests
{
    private static DemandSeries Series(double[] values) => new(new SeriesKey("A", "north"), Granularity.Day, new DateOnly(2025, 1, 6), values);

    private static SeriesForecast Forecast(double level) =>
        new(new SeriesKey("A", "north"), "M", Granularity.Day, new DateOnly(2025, 2, 6), [level, level], [0.1, 0.9], [0, 0, level, level]);

    [Fact]
    public void An_all_zero_forecast_after_a_sale_in_the_last_season_needs_a_reason()
    {
        double[] values = [.. Enumerable.Repeat(0.0, 30), 1, 0, 0];

        Assert.True(ZeroForecasts.IsUnexplained(Forecast(0), Series(values), 7));
        Assert.False(ZeroForecasts.IsUnexplained(Forecast(0.2), Series(values), 7));
    }

    [Fact]
    public void An_all_zero_forecast_after_a_season_without_sales_needs_none()
    {
        double[] values = [3, .. Enumerable.Repeat(0.0, 30)];

        Assert.False(ZeroForecasts.IsUnexplained(Forecast(0), Series(values), 7));
        Assert.True(ZeroForecasts.IsUnexplained(Forecast(0), Series(values), 52)); // the sale is within a 52-period season
    }
}
