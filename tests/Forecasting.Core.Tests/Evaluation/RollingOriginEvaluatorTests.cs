using Forecasting.Core.Evaluation;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Models;

namespace Forecasting.Core.Tests.Evaluation;

public class RollingOriginEvaluatorTests
{
    [Fact]
    public void Scores_every_origin_as_computed_by_hand()
    {
        // 1..6, h = 2, two origins one step apart. Naive: cut 4 forecasts 4, 4 for 5, 6 (errors 1, 2);
        // cut 3 forecasts 3, 3 for 4, 5 (errors 1, 2). sMAPE terms 200/9, 400/10, 200/7, 400/8.
        // MASE (m = 1): in-sample scale 1 for both histories, MAE 1.5 each.
        var data = new[] { new EvaluationSeries("A", [1, 2, 3, 4, 5, 6]) };
        var options = new RollingOriginOptions { Horizon = 2, Windows = 2, Step = 1 };

        var result = RollingOriginEvaluator.Evaluate(data, [new NaiveForecaster()], options);

        var naive = Assert.Single(result.Models);
        Assert.Equal(2, naive.Forecasts);
        Assert.Equal(4, naive.Points);
        Assert.Equal(((200.0 / 9) + 40 + (200.0 / 7) + 50) / 4, naive.Smape, 9);
        Assert.Equal(1.5, naive.Mase, 12);
        Assert.Equal(6.0 / 20, naive.Wape, 12); // |e| 1+2+1+2 over 5+6+4+5
        Assert.Equal(-6.0 / 20, naive.Bias, 12);
    }

    [Fact]
    public void Too_short_series_and_gaps_in_actuals_are_counted_as_skipped()
    {
        var data = new[]
        {
            new EvaluationSeries("short", [1, 2]),
            new EvaluationSeries("gap", [1, 2, 3, double.NaN]),
            new EvaluationSeries("ok", [1, 2, 3, 4]),
        };

        var result = RollingOriginEvaluator.Evaluate(data, [new NaiveForecaster()], new RollingOriginOptions { Horizon = 2 });

        Assert.Equal(2, result.Skipped);
        Assert.Equal(1, result.Forecasts);
    }

    [Fact]
    public void Owa_is_relative_to_naive2()
    {
        var data = new[] { new EvaluationSeries("A", [5, 3, 6, 2, 7, 4, 8, 5, 9]) };
        var options = new RollingOriginOptions { Horizon = 2 };

        var result = RollingOriginEvaluator.Evaluate(data, [new Naive2Forecaster(), new SeasonalNaiveForecaster()], options);

        Assert.Equal(1, result.Owa(result.Models[0]), 12);
        var snaive = result.Models[1];
        Assert.Equal(((snaive.Smape / result.Models[0].Smape) + (snaive.Mase / result.Models[0].Mase)) / 2, result.Owa(snaive), 12);
    }
}
