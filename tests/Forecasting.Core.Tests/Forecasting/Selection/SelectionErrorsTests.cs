using Forecasting.Core.Forecasting.Calibration;
using Forecasting.Core.Forecasting.Selection;

namespace Forecasting.Core.Tests.Forecasting.Selection;

public class SelectionErrorsTests
{
    // Two candidates, three origins, horizon 1: candidate 0 forecasts 10, 20, 30; candidate 1 forecasts 11, 21, 31.
    private static readonly double[] Means = [10, 20, 30, 11, 21, 31];

    [Fact]
    public void Each_origin_takes_the_forecast_of_the_candidate_the_other_origins_would_choose()
    {
        // Candidate 0 wins origins 0 and 1 by a little, candidate 1 wins origin 2 by a lot (chosen overall).
        double[] errors = [1, 1, 10, 2, 2, 0];

        var means = SelectionErrors.HeldOutMeans(Means, errors, 2, 3, 1, chosen: 1);

        // Origin 0: others 1+10 = 11 vs 2+0 = 2 -> candidate 1; origin 1 likewise; origin 2: 1+1 vs 2+2 -> candidate 0.
        Assert.Equal([11.0, 21, 30], means);
    }

    [Fact]
    public void With_one_origin_the_chosen_candidate_is_used()
    {
        var means = SelectionErrors.HeldOutMeans([5, 7], [3, 1], 2, 1, 1, chosen: 1);

        Assert.Equal([7.0], means);
    }

    [Fact]
    public void Both_pools_the_chosen_candidate_and_the_held_out_selection_one_after_the_other()
    {
        double[] errors = [1, 1, 10, 2, 2, 0];

        Assert.Equal([11.0, 21, 31], SelectionErrors.Means(Means, errors, 2, 3, 1, 1, CalibrationResiduals.Chosen));
        Assert.Equal([11.0, 21, 31, 11, 21, 30], SelectionErrors.Means(Means, errors, 2, 3, 1, 1, CalibrationResiduals.Both));
    }
}
