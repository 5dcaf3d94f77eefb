namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>
/// The features of a series at an origin (the number of days known, <c>t</c>): only values before the
/// origin are read. Growth features are log ratios of a recent window's mean to a base window's mean
/// (days t-42 .. t-14, or what a young series has), with pseudo-counts so that a sparse series' noise
/// stays small. The first <see cref="SalesCount"/> features describe sales only (the sales-only model
/// uses them); the rest describe interest: per signal column, combined, for the same item over all
/// regions (a region that turned earlier shows in them before this one turns) and for the platform
/// (a platform-wide sale lifts every item's interest and is not a trend).
/// </summary>
internal static class IndicatorFeatures
{
    /// <summary>Intercept, units growth 7 and 14 days, three age flags (under 14, 28, 56 days of history), log level.</summary>
    public const int SalesCount = 7;

    private const double UnitsPseudo = 0.05, InterestPseudo = 0.25, Clip = 3;

    /// <summary>Features of a model over <paramref name="columns"/> signal columns.</summary>
    public static int Count(int columns) => SalesCount + (2 * columns) + 3 + 4 + 2;

    /// <summary>Feature names in order (for documentation and diagnostics).</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> columns) =>
        ["intercept", "units_growth_7", "units_growth_14", "age_under_14", "age_14_28", "age_28_56", "log_level",
         .. columns.SelectMany(c => new[] { $"{c}_growth_3", $"{c}_growth_7" }),
         "interest_growth_3", "interest_growth_7", "interest_growth_14",
         "item_interest_growth_7", "item_units_growth_7", "other_regions_max_interest_growth_7", "platform_interest_growth_7",
         "implied_units_3", "implied_units_7"];

    /// <summary>Log of the recent level (mean units over the last 28 days): the model's exposure.</summary>
    public static double Offset(IndicatorPanel.Entry e, int t) => Math.Log(IndicatorPanel.Mean(e.Units, t - 28, t) + 0.02);

    /// <summary>Base window [from, to) of an origin: days t-42 .. t-14, shortened for a young series.</summary>
    public static (int From, int To) Base(int t) => t >= 28 ? (Math.Max(0, t - 42), t - 14) : (0, t);

    /// <summary>Writes the features of series <paramref name="s"/> at origin <paramref name="t"/> into <paramref name="row"/>.</summary>
    public static void Fill(IndicatorPanel panel, int s, int t, Span<double> row)
    {
        var e = panel.Series[s];
        var (from, to) = Base(t);
        int k = 0;
        double unitsBase = IndicatorPanel.Mean(e.Units, from, to);
        row[k++] = 1;
        row[k++] = Growth(IndicatorPanel.Mean(e.Units, t - 7, t), unitsBase, UnitsPseudo);
        row[k++] = Growth(IndicatorPanel.Mean(e.Units, t - 14, t), unitsBase, UnitsPseudo);
        row[k++] = t < 14 ? 1 : 0;
        row[k++] = t is >= 14 and < 28 ? 1 : 0;
        row[k++] = t is >= 28 and < 56 ? 1 : 0;
        row[k++] = Math.Clamp(Math.Log(IndicatorPanel.Mean(e.Units, t - 28, t) + UnitsPseudo), -Clip, Clip);
        for (int c = 0; c < e.Signals.Length; c++)
        {
            double b = IndicatorPanel.Mean(e.Signals[c], from, to);
            row[k++] = Growth(IndicatorPanel.Mean(e.Signals[c], t - 3, t), b, InterestPseudo);
            row[k++] = Growth(IndicatorPanel.Mean(e.Signals[c], t - 7, t), b, InterestPseudo);
        }

        double interestBase = IndicatorPanel.Mean(e.Interest, from, to);
        row[k++] = Growth(IndicatorPanel.Mean(e.Interest, t - 3, t), interestBase, InterestPseudo);
        row[k++] = Growth(IndicatorPanel.Mean(e.Interest, t - 7, t), interestBase, InterestPseudo);
        row[k++] = Growth(IndicatorPanel.Mean(e.Interest, t - 14, t), interestBase, InterestPseudo);

        int day = e.StartDay + t;
        var item = panel.Items[e.Item];
        row[k++] = AggregateGrowth(item.Interest, day - item.StartDay, InterestPseudo * item.Members.Length);
        row[k++] = AggregateGrowth(item.Units, day - item.StartDay, UnitsPseudo * item.Members.Length);
        double otherMax = 0;
        foreach (int m in item.Members)
        {
            if (m != s)
            {
                var other = panel.Series[m];
                int ot = day - other.StartDay;
                if (ot > 7)
                {
                    var (of, oto) = Base(ot);
                    otherMax = Math.Max(otherMax, Growth(IndicatorPanel.Mean(other.Interest, ot - 7, ot), IndicatorPanel.Mean(other.Interest, of, oto), InterestPseudo));
                }
            }
        }

        row[k++] = otherMax;
        row[k++] = AggregateGrowth(panel.Platform.Interest, day - panel.Platform.StartDay, InterestPseudo);

        // Units the recent interest implies at the series' own conversion (units per interest over the
        // 16 weeks before the base window's end), against the recent level the exposure already carries.
        double conversionUnits = e.Units[Math.Max(0, to)] - e.Units[Math.Max(0, to - 112)];
        double conversionInterest = e.Interest[Math.Max(0, to)] - e.Interest[Math.Max(0, to - 112)];
        double conversion = (conversionUnits + 0.5) / (conversionInterest + (0.5 * ConversionPseudo(e, t)));
        double level = IndicatorPanel.Mean(e.Units, t - 28, t) + UnitsPseudo;
        row[k++] = Math.Clamp(Math.Log(((conversion * IndicatorPanel.Mean(e.Interest, t - 3, t)) + UnitsPseudo) / level), -Clip, Clip);
        row[k] = Math.Clamp(Math.Log(((conversion * IndicatorPanel.Mean(e.Interest, t - 7, t)) + UnitsPseudo) / level), -Clip, Clip);
    }

    /// <summary>Interest per unit over the whole known history: the pseudo-count keeps a series that has not
    /// sold yet at the platform-typical conversion rather than at zero.</summary>
    private static double ConversionPseudo(IndicatorPanel.Entry e, int t) => (e.Interest[t] + 1) / (e.Units[t] + 1);

    private static double AggregateGrowth(double[] running, int t, double pseudo)
    {
        var (from, to) = Base(t);
        return Growth(IndicatorPanel.Mean(running, t - 7, t), IndicatorPanel.Mean(running, from, to), pseudo);
    }

    private static double Growth(double recent, double baseline, double pseudo) =>
        Math.Clamp(Math.Log((recent + pseudo) / (baseline + pseudo)), -Clip, Clip);
}
