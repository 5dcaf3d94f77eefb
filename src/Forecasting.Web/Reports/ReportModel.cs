namespace Forecasting.Web.Reports;

// The report model is plain data: what to show, not how. HtmlReportWriter renders it; the dashboard can
// render the same model later. Lists are compared by reference (record equality does not look inside them).

/// <summary>A report: a title block followed by sections in the order given.</summary>
/// <param name="Title">Main heading; also the HTML page title.</param>
/// <param name="Subtitle">One line under the title (scope, data source); may be empty.</param>
/// <param name="Sections">Rendered in order; may be empty, which still yields a valid document.</param>
/// <param name="GeneratedAt">When the report was produced; taken from the caller's clock, never read here.</param>
public sealed record ReportDocument(string Title, string Subtitle, IReadOnlyList<ReportSection> Sections, DateTimeOffset GeneratedAt);

/// <summary>
/// One block of a report: <see cref="KeyValueSummary"/>, <see cref="ReportTable"/> or <see cref="SeriesChart"/>.
/// The set is closed so that every writer can render every kind.
/// </summary>
public abstract record ReportSection
{
    private protected ReportSection()
    {
    }
}

/// <summary>Headline figures shown as labelled tiles, e.g. "Series: 120", "WAPE: 18.4 %".</summary>
/// <param name="Title">Section heading; may be empty for no heading.</param>
/// <param name="Items">Label and already formatted value, shown in order.</param>
public sealed record KeyValueSummary(string Title, IReadOnlyList<KeyValuePair<string, string>> Items) : ReportSection;

/// <summary>A table of already formatted cells.</summary>
/// <param name="Caption">Heading of the table.</param>
/// <param name="Columns">Column headers.</param>
/// <param name="Rows">Cells, each row with exactly <c>Columns.Count</c> entries.</param>
/// <param name="HighlightColumn">
/// Index of a column whose best numeric value is highlighted, or <see langword="null"/> (the default) for none.
/// Cells are read as invariant-culture numbers, a trailing <c>%</c> allowed; cells that do not parse are
/// ignored, and every cell equal to the best value is highlighted.
/// </param>
/// <param name="LowerIsBetter">
/// Whether the best value is the smallest (the default, as for WAPE or MASE) or the largest.
/// </param>
public sealed record ReportTable(
    string Caption,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    int? HighlightColumn = null,
    bool LowerIsBetter = true) : ReportSection;

/// <summary>A line chart over a shared x axis of labels (usually ISO dates), with optional interval bands.</summary>
/// <param name="Title">Chart heading.</param>
/// <param name="XLabel">Title of the x axis; may be empty.</param>
/// <param name="YLabel">Title of the y axis; may be empty.</param>
/// <param name="Labels">One x label per point, e.g. <c>2025-03-01</c>.</param>
/// <param name="Lines">Lines drawn over the bands; each has one value per label.</param>
/// <param name="Bands">Filled intervals drawn under the lines; each has one lower and upper value per label.</param>
public sealed record SeriesChart(
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ChartLine> Lines,
    IReadOnlyList<ChartBand> Bands) : ReportSection;

/// <summary>One line of a <see cref="SeriesChart"/>.</summary>
/// <param name="Name">Legend and tooltip name.</param>
/// <param name="Values">One value per label; <see langword="null"/>, NaN or infinity leaves a gap.</param>
/// <param name="Colour">CSS hex colour, <c>#rgb</c> or <c>#rrggbb</c> (see <see cref="ReportPalette"/>).</param>
/// <param name="Dashed">Draw dashed, e.g. for a forecast continuing a solid history line.</param>
public sealed record ChartLine(string Name, IReadOnlyList<double?> Values, string Colour, bool Dashed = false);

/// <summary>
/// A filled interval of a <see cref="SeriesChart"/>, e.g. the p10 to p90 forecast range: drawn as the area
/// between its lower and upper values, in a translucent shade of <paramref name="Colour"/>.
/// </summary>
/// <param name="Name">Legend and tooltip name, e.g. "p10-p90".</param>
/// <param name="Lower">One lower bound per label; <see langword="null"/>, NaN or infinity leaves a gap.</param>
/// <param name="Upper">One upper bound per label; <see langword="null"/>, NaN or infinity leaves a gap.</param>
/// <param name="Colour">CSS hex colour, <c>#rgb</c> or <c>#rrggbb</c>.</param>
public sealed record ChartBand(string Name, IReadOnlyList<double?> Lower, IReadOnlyList<double?> Upper, string Colour);
