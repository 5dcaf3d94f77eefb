using Forecasting.Core.Ssa;

namespace Forecasting.Core.Tests.Ssa;

public sealed class SsaDecompositionTests
{
    private static double[] LevelPlusSine(int n, double level, double amplitude, int period) =>
        [.. Enumerable.Range(0, n).Select(t => level + (amplitude * Math.Sin(2 * Math.PI * t / period)))];

    [Fact]
    public void All_elementary_components_add_up_to_the_series()
    {
        var random = new Random(4);
        double[] x = [.. Enumerable.Range(0, 90).Select(t => 5 + (0.05 * t) + random.NextDouble())];
        var d = SsaDecomposition.Of(x, 20, 20);
        for (int t = 0; t < x.Length; t++)
        {
            Assert.Equal(x[t], d.Components.Sum(c => c[t]), 9);
        }

        Assert.True(d.EigenValues.Zip(d.EigenValues.Skip(1)).All(p => p.First >= p.Second));
    }

    [Fact]
    public void A_sine_is_one_pair_of_strongly_w_correlated_components_separable_from_the_level()
    {
        var d = SsaDecomposition.Of(LevelPlusSine(120, 10, 3, 12), 24, 4);
        Assert.True(d.Share(0) > 0.8, $"level share {d.Share(0)}");
        Assert.True(d.WCorrelation(0, 1) < 0.05, $"level-sine w-correlation {d.WCorrelation(0, 1)}");
        Assert.True(d.Share(1) + d.Share(2) > 0.99 - d.Share(0), "the sine is carried by the next two eigentriples");
        var sine = LevelPlusSine(120, 0, 3, 12);
        for (int t = 0; t < 120; t++)
        {
            Assert.InRange(d.Components[1][t] + d.Components[2][t] - sine[t], -0.05, 0.05); // separable only approximately at finite N
            Assert.InRange(d.Components[0][t] - 10, -0.05, 0.05);
        }

        Assert.Equal(1, d.WCorrelation(1, 1), 9);
    }

    [Fact]
    public void Bad_windows_and_gaps_are_refused_with_the_reason()
    {
        Assert.Contains("window", Assert.Throws<ArgumentException>(() => SsaDecomposition.Of(new double[10], 10, 2)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => SsaDecomposition.Of([1, double.NaN, 3, 4, 5], 2, 2)).Message);
    }

    [Fact]
    public void The_products_choice_is_a_window_and_rank_for_a_seasonal_series_and_none_for_a_series_too_short_for_any_window()
    {
        var random = new Random(9);
        double[] x = [.. LevelPlusSine(400, 20, 6, 7).Select(v => v + random.NextDouble())];
        var choice = SsaDiagnostics.Choose(x, 28, 7);
        Assert.NotNull(choice);
        Assert.InRange(choice.Value.Rank, 1, 12);
        Assert.InRange(choice.Value.Window, 2, 57);
        Assert.Null(SsaDiagnostics.Choose(x.AsSpan(0, 20), 28, 7));
    }
}
