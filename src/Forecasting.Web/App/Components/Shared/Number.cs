using System.Globalization;

namespace Forecasting.Web.App.Components.Shared;

/// <summary>How the app writes numbers: invariant, grouped, with the precision a planner reads.</summary>
internal static class Number
{
    public static string Units(double value) => value.ToString("#,0.#", CultureInfo.InvariantCulture);

    public static string Money(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Percent(double? value) => value is { } v && double.IsFinite(v) ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "-";

    public static string Ratio(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    /// <summary>A growth given as a natural log (0.69 = doubled) as the factor it multiplies by, e.g. "x2.00".</summary>
    public static string Factor(double logGrowth) => double.IsFinite(logGrowth) ? "x" + Math.Exp(logGrowth).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
