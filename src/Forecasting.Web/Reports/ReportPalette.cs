namespace Forecasting.Web.Reports;

/// <summary>
/// Colours for report charts, from the Okabe-Ito palette (distinguishable with the common forms of colour
/// blindness, and in greyscale print when paired with dashes). Any <c>#rgb</c> or <c>#rrggbb</c> colour works;
/// these keep reports consistent.
/// </summary>
public static class ReportPalette
{
    /// <summary>Observed demand (near black).</summary>
    public const string Actual = "#222222";

    /// <summary>The point forecast (blue).</summary>
    public const string Forecast = "#0072b2";

    /// <summary>A forecast interval band, e.g. p10-p90 (sky blue; drawn translucent).</summary>
    public const string Interval = "#56b4e9";

    /// <summary>A baseline or comparison model (orange).</summary>
    public const string Baseline = "#e69f00";

    /// <summary>A second comparison series (bluish green).</summary>
    public const string Alternative = "#009e73";

    /// <summary>Something needing attention: a shortage, a drift (vermillion).</summary>
    public const string Alert = "#d55e00";
}
