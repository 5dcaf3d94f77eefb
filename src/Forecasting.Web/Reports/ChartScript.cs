namespace Forecasting.Web.Reports;

/// <summary>
/// The inline script that draws every chart of a report with Chart.js, from the JSON written by
/// <see cref="ChartJson"/>. It finds each <c>&lt;script type="application/json" data-chart-for="ID"&gt;</c>
/// and draws into the canvas with that id.
/// </summary>
/// <remarks>
/// A band becomes two datasets: the lower bound (a thin edge, hidden from the legend and tooltip) and the
/// upper bound, filled down to the lower one; legend clicks toggle both, and the tooltip shows the band as one
/// "lower - upper" line. Lines are drawn over bands. Numbers in ticks and tooltips use en-US formatting
/// without grouping, matching the invariant numbers in the report's tables. Animation is off so that print
/// and headless screenshots see the finished chart; for print, the stylesheet scales each canvas to the page. Must stay ASCII and contain no <c>&lt;/script</c>.
/// </remarks>
internal static class ChartScript
{
    public const string Source = """
        (function () {
          'use strict';
          var numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });
          function fmt(v) { return typeof v === 'number' && isFinite(v) ? numberFormat.format(v) : 'n/a'; }
          function fail(box, message) {
            var p = document.createElement('p');
            p.className = 'chart-error';
            p.textContent = message;
            box.replaceChildren(p);
          }
          function draw(node) {
            var canvas = document.getElementById(node.getAttribute('data-chart-for'));
            if (!canvas) { return; }
            if (typeof Chart === 'undefined') { fail(canvas.parentNode, 'Chart library failed to load.'); return; }
            var spec = JSON.parse(node.textContent);
            var datasets = [];
            spec.bands.forEach(function (band, b) {
              var lowerIndex = datasets.length;
              var fill = band.colour + '40';
              datasets.push({
                label: band.name, bandId: b, bandRole: 'lower', data: band.lower, order: 2,
                borderColor: band.colour, backgroundColor: fill, borderWidth: 1,
                pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0, fill: false
              });
              datasets.push({
                label: band.name, bandId: b, bandRole: 'upper', bandLowerIndex: lowerIndex, data: band.upper, order: 2,
                borderColor: band.colour, backgroundColor: fill, borderWidth: 1,
                pointRadius: 0, pointHoverRadius: 0, fill: { target: lowerIndex }
              });
            });
            var pointRadius = spec.labels.length > 60 ? 0 : 2;
            spec.lines.forEach(function (line) {
              datasets.push({
                label: line.name, data: line.values, order: 1,
                borderColor: line.colour, backgroundColor: line.colour, borderWidth: 2,
                borderDash: line.dashed ? [6, 4] : [], pointRadius: pointRadius, pointHoverRadius: 4,
                fill: false, tension: 0, spanGaps: false
              });
            });
            new Chart(canvas, {
              type: 'line',
              data: { labels: spec.labels, datasets: datasets },
              options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                locale: 'en-US',
                interaction: { mode: 'index', intersect: false },
                scales: {
                  x: {
                    title: { display: spec.xLabel.length > 0, text: spec.xLabel },
                    ticks: { autoSkip: true, autoSkipPadding: 16, maxTicksLimit: 12, maxRotation: 0 },
                    grid: { display: false }
                  },
                  y: {
                    beginAtZero: true,
                    title: { display: spec.yLabel.length > 0, text: spec.yLabel },
                    ticks: { callback: function (v) { return fmt(v); } }
                  }
                },
                plugins: {
                  legend: {
                    position: 'bottom',
                    labels: {
                      // Lines show as a short (dashed) stroke, bands as a filled box; the lower half of a band is hidden.
                      usePointStyle: true,
                      pointStyleWidth: 28,
                      generateLabels: function (chart) {
                        var items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
                        items.forEach(function (item) {
                          // With point styles the default item takes its style from the first point, which
                          // has no dash: copy the line's own dash so a dashed forecast looks dashed here too.
                          var dataset = chart.data.datasets[item.datasetIndex];
                          item.pointStyle = dataset.bandRole ? 'rect' : 'line';
                          if (!dataset.bandRole) {
                            item.lineWidth = 2.5;
                            item.lineDash = dataset.borderDash;
                          }
                        });
                        return items;
                      },
                      filter: function (item, data) { return data.datasets[item.datasetIndex].bandRole !== 'lower'; }
                    },
                    onClick: function (event, item, legend) {
                      var chart = legend.chart;
                      var clicked = chart.data.datasets[item.datasetIndex];
                      var visible = chart.isDatasetVisible(item.datasetIndex);
                      chart.data.datasets.forEach(function (d, i) {
                        if (i === item.datasetIndex || (clicked.bandRole && d.bandId === clicked.bandId)) {
                          chart.setDatasetVisibility(i, !visible);
                        }
                      });
                      chart.update();
                    }
                  },
                  tooltip: {
                    filter: function (item) { return item.dataset.bandRole !== 'lower'; },
                    callbacks: {
                      label: function (ctx) {
                        var d = ctx.dataset;
                        if (d.bandRole === 'upper') {
                          var lower = ctx.chart.data.datasets[d.bandLowerIndex].data[ctx.dataIndex];
                          return d.label + ': ' + fmt(lower) + ' - ' + fmt(ctx.parsed.y);
                        }
                        return d.label + ': ' + fmt(ctx.parsed.y);
                      }
                    }
                  }
                }
              }
            });
          }
          if (typeof Chart !== 'undefined') {
            Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
            Chart.defaults.color = '#3d444d';
          }
          document.querySelectorAll('script[type="application/json"][data-chart-for]').forEach(function (node) {
            try { draw(node); } catch (e) {
              var canvas = document.getElementById(node.getAttribute('data-chart-for'));
              if (canvas) { fail(canvas.parentNode, 'Chart could not be drawn: ' + e.message); }
            }
          });
        })();
        """;
}
