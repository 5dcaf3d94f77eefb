using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Models.LeadingIndicator;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Forecasting.Signals;

namespace Forecasting.Core.Tests.Forecasting.Signals;

public class LeadingIndicatorForecasterTests
{
    private static readonly DateOnly Start = new(2025, 1, 6);
    private static readonly string[] Columns = ["views", "cart_adds"];
    private static readonly ForecastRequest Request = new() { Horizon = 28 };

    /// <summary>
    /// A panel of <paramref name="count"/> series x <paramref name="days"/> days: units Poisson around a
    /// per-series rate; views 20 and cart adds 3 per expected unit. <paramref name="shape"/> gives, per series
    /// and day, the multipliers of interest and of units (a trend, a spike).
    /// </summary>
    private static (List<DemandSeries> History, SignalPanel Signals) Panel(int count, int days, int seed, Func<int, int, (double Interest, double Units)> shape)
    {
        var random = new Random(seed);
        var history = new List<DemandSeries>();
        var signals = new List<SeriesSignals>();
        for (int s = 0; s < count; s++)
        {
            var key = new SeriesKey($"SKU-{s / 4:D4}", $"R{s % 4}");
            double rate = 0.5 + (3 * random.NextDouble());
            var units = new double[days];
            var views = new double[days];
            var carts = new double[days];
            for (int t = 0; t < days; t++)
            {
                var (interest, sales) = shape(s, t);
                units[t] = Poisson(random, rate * sales);
                views[t] = Poisson(random, 20 * rate * interest);
                carts[t] = Poisson(random, 3 * rate * interest);
            }

            history.Add(new DemandSeries(key, Granularity.Day, Start, units));
            signals.Add(new SeriesSignals(key, Start, Columns, [views, carts]));
        }

        return (history, new SignalPanel(signals));
    }

    private static double Poisson(Random random, double mean)
    {
        // Knuth's method for small means, a rounded normal approximation for large ones.
        if (mean > 50)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            return Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2))));
        }

        double limit = Math.Exp(-mean), product = random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            k++;
        }

        return k;
    }

    private static double Total(SeriesForecast f) => f.Mean.ToArray().Sum();

    [Fact]
    public void Without_signals_the_forecasts_are_the_automatic_pipelines_exactly()
    {
        var (history, _) = Panel(8, 120, 1, (_, _) => (1, 1));
        var auto = new AutoForecaster().Forecast(history, Request);

        var (withSignals, report) = new LeadingIndicatorForecaster(new AutoForecaster(), SignalPanel.Empty).ForecastWithReport(history, Request);

        Assert.False(report.Used);
        for (int s = 0; s < history.Count; s++)
        {
            Assert.Equal(auto[s].Model, withSignals[s].Model);
            Assert.Equal(auto[s].Mean.ToArray(), withSignals[s].Mean.ToArray());
            Assert.Equal(auto[s].Quantile(0.9).ToArray(), withSignals[s].Quantile(0.9).ToArray());
        }
    }

    [Fact]
    public void Interest_spikes_that_never_converted_do_not_move_the_forecast()
    {
        // Views and cart adds jump 4x for 5 days every 35 days, units never follow; the last spike is on
        // the last 5 days of the history, when a blind follower would forecast 4x the units.
        const int days = 240;
        static bool Spiking(int s, int t) => (t + (s % 35)) % 35 >= 30 || (s % 2 == 0 && t >= days - 5);
        var (history, signals) = Panel(400, days, 7, (s, t) => (Spiking(s, t) ? 4 : 1, 1));

        var (forecasts, report) = new LeadingIndicatorForecaster(new AutoForecaster(), signals).ForecastWithReport(history, Request);

        var spikingNow = Enumerable.Range(0, history.Count).Where(s => s % 2 == 0).ToList();
        double forecast = spikingNow.Sum(s => Total(forecasts[s]));
        double level = spikingNow.Sum(s => history[s].Values[^84..].ToArray().Sum() / 84 * Request.Horizon);
        Assert.InRange(forecast / level, 0.9, 1.1);
        Assert.True(report.SeriesWithSignals == 400, $"{report}");
    }

    [Fact]
    public void Interest_that_rose_before_sales_in_the_past_is_followed_before_sales_rise()
    {
        // Every series' interest triples at a series-specific day and its units follow 10 days later; the
        // last quarter of the series turned 5 days before the end of the history, their units not yet.
        const int days = 300, lead = 10;
        int TurnOf(int s) => s % 4 == 3 ? days - 5 : 60 + (s * 7 % 160);
        var (history, signals) = Panel(400, days, 11, (s, t) => (t >= TurnOf(s) ? 3 : 1, t >= TurnOf(s) + lead ? 3 : 1));
        var salesOnly = new AutoForecaster().Forecast(history, Request);

        var (forecasts, report) = new LeadingIndicatorForecaster(new AutoForecaster(), signals).ForecastWithReport(history, Request);

        Assert.True(report.Used, $"{report}");
        var turning = Enumerable.Range(0, history.Count).Where(s => s % 4 == 3).ToList();
        double actual = turning.Sum(s => history[s].Values[..(days - 5)].ToArray().Average() * ((3.0 * (Request.Horizon - (lead - 5))) + (lead - 5)));
        double withInterest = turning.Sum(s => Total(forecasts[s]));
        double withoutInterest = turning.Sum(s => Total(salesOnly[s]));
        Assert.True(withoutInterest < 0.5 * actual, $"sales alone {withoutInterest:F0} against {actual:F0} to come");
        Assert.InRange(withInterest / actual, 0.75, 1.25);
        Assert.All(turning, s => Assert.StartsWith("LeadingIndicator(", forecasts[s].Model, StringComparison.Ordinal));
    }

    [Fact]
    public void The_leading_indicators_bands_are_calibrated_on_its_own_errors_and_cover_eighty_percent_of_a_hold_out()
    {
        // 600 steady series; the last 28 days are held out. The pipeline's bands are calibrated on the statistical
        // candidates' errors; the indicator's totals pool the level across series and are more accurate.
        const int days = 268, holdout = 28;
        var (full, signals) = Panel(600, days, 23, (_, _) => (1, 1));
        var history = full.Select(s => s.Slice(0, days - holdout)).ToList();
        var truncated = signals.Truncated(_ => days - holdout);

        double Coverage(LeadingIndicatorOptions options)
        {
            var (forecasts, _) = new LeadingIndicatorForecaster(new AutoForecaster(), truncated, options).ForecastWithReport(history, Request);
            int inside = 0, points = 0;
            for (int s = 0; s < full.Count; s++)
            {
                for (int t = 0; t < holdout; t++)
                {
                    double y = full[s].Values[days - holdout + t];
                    inside += y >= forecasts[s].Quantile(0.1)[t] && y <= forecasts[s].Quantile(0.9)[t] ? 1 : 0;
                    points++;
                }
            }

            return inside / (double)points;
        }

        double calibrated = Coverage(new LeadingIndicatorOptions());
        double carried = Coverage(new LeadingIndicatorOptions { Calibration = null });

        Assert.InRange(calibrated, 0.77, 0.83);
        Assert.True(Math.Abs(calibrated - 0.8) <= Math.Abs(carried - 0.8) + 0.005, $"calibrated {calibrated:F3}, the pipeline's bands carried over {carried:F3}");
    }
}
