namespace Forecasting.Web.Reports;

/// <summary>
/// The inline stylesheet of an HTML report: system fonts only (nothing to download), a single readable
/// column, tables that scroll sideways on narrow screens, and print rules that keep sections whole and the
/// highlighted best cells visible. Must stay ASCII.
/// </summary>
internal static class ReportStyles
{
    public const string Css = """
        :root {
          color-scheme: light;
          --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0; --panel: #f6f8fa; --stripe: #fafbfc;
          --best: #d7f5dd; --best-fg: #0b4a1f;
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0; color: var(--fg); background: #fff;
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
        }
        header, main, footer { max-width: 1120px; margin: 0 auto; padding-left: 1.25rem; padding-right: 1.25rem; }
        header { padding-top: 1.75rem; padding-bottom: 1rem; border-bottom: 1px solid var(--rule); }
        h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .25rem; }
        h2, caption { font-size: 1.15rem; font-weight: 600; margin: 0 0 .6rem; text-align: left; }
        .subtitle { margin: 0; color: var(--muted); font-size: 1.05rem; }
        .generated { margin: .4rem 0 0; color: var(--muted); font-size: .85rem; }
        section { margin: 1.75rem 0; break-inside: avoid; page-break-inside: avoid; }
        .empty { color: var(--muted); font-style: italic; }
        dl.summary {
          display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: .75rem; margin: 0;
        }
        dl.summary > div { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: .55rem .8rem; }
        dl.summary dt { color: var(--muted); font-size: .8rem; }
        dl.summary dd { margin: .1rem 0 0; font-size: 1.2rem; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        caption { padding: 0 0 .6rem; }
        th, td { padding: .4rem .75rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        thead th { background: var(--panel); border-bottom: 2px solid var(--rule); white-space: nowrap; }
        tbody tr:nth-child(even) { background: var(--stripe); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.best { background: var(--best); color: var(--best-fg); font-weight: 700; }
        .chart-box { margin: 0; border: 1px solid var(--rule); border-radius: 6px; padding: .5rem; }
        .chart-box svg { display: block; width: 100%; height: auto; }
        footer { padding-top: .9rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; }
        @media (max-width: 640px) {
          body { font-size: 14px; }
          h1 { font-size: 1.4rem; }
          th, td { padding: .35rem .5rem; }
        }
        @media print {
          @page { margin: 15mm; }
          body { font-size: 10pt; }
          header, main, footer { max-width: none; padding-left: 0; padding-right: 0; }
          .table-wrap { overflow: visible; }
          tbody tr:nth-child(even) { background: none; }
          td.best, dl.summary > div { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .chart-box { border: none; padding: 0; } /* vector SVG: sharp at any print size */
        }
        """;
}
