using System.Globalization;
using System.Text;
using Forecasting.Cli.Demo;
using Forecasting.Core.Forecasting;
using Forecasting.Pipeline.Ingest;
using Forecasting.Pipeline.Training;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;

namespace Forecasting.Cli.Tests.Demo;

public sealed class DemoLevelsTests
{
    [Fact]
    public async Task The_demo_report_ranks_the_item_whose_views_jumped_and_draws_its_interest_against_units_and_the_category_beside_its_skus()
    {
        // R and B (dresses) and X (tops) sell 4 units a day in north and south for five weeks; R's views in the north jump
        // from 100 to 400 a day in the last week while its units do not move: R is the emerging item, red the colour.
        using var temp = new TempFolder();
        var store = await StoreFactory.OpenAsync(temp.File("store.db"));
        var ingest = new IngestService(store);
        await using (var catalog = new MemoryStream(Encoding.UTF8.GetBytes("sku,category,color,price\nR,dresses,red,30\nB,dresses,blue,60\nX,tops,green,10\n")))
        {
            await ingest.IngestAsync(IngestKind.Catalog, catalog, "catalog.csv", new IngestOptions { AutoRegister = true });
        }

        var csv = new StringBuilder("sku,region,date,units,views\n");
        DateOnly first = new(2025, 2, 24), last = new(2025, 3, 30);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var region in new[] { "north", "south" })
            {
                foreach (var sku in new[] { "R", "B", "X" })
                {
                    int views = sku == "R" && region == "north" && day > last.AddDays(-7) ? 400 : 100;
                    csv.Append(CultureInfo.InvariantCulture, $"{sku},{region},{day:yyyy-MM-dd},{4 + (day.DayNumber % 3)},{views}\n");
                }
            }
        }

        await using (var demand = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
        {
            await ingest.IngestAsync(IngestKind.Demand, demand, "demand.csv", new IngestOptions { AutoRegister = true });
        }

        var run = await new ForecastTrainer(store, store).RunAsync(new SeasonalNaiveForecaster(), new TrainingOptions { Horizon = 7 });

        var result = await DemoLevels.MeasureAsync(store, run, CancellationToken.None);

        Assert.Equal("R", result.Items[0].Key);
        Assert.Equal("red", result.Colours[0].Key);
        Assert.Equal("dresses", result.Category); // 2 SKUs x 2 regions against 1 x 2
        var interest = Assert.IsType<SeriesChart>(result.InterestChart);
        Assert.Equal(2 * (4 + (last.DayNumber % 3)), interest.Lines[0].Values[^1]); // R's units, both regions
        Assert.Equal(500.0 / 200, interest.Lines[1].Values[^1]!.Value / interest.Lines[1].Values[^8]!.Value, 9); // views 400 + 100 against 100 + 100
        var totals = Assert.IsType<ReportTable>(result.CategoryTotals);
        Assert.Equal(totals.Rows[0][1], totals.Rows[1][1]); // the stored category forecast is the sum of its SKU x region forecasts
        var html = new StringWriter();
        HtmlReportWriter.Write(html, new ReportDocument("demo", "", [.. DemoLevels.Sections(result)], DateTimeOffset.UnixEpoch));
        Assert.Contains("Emerging item R: interest (views) against units, all regions", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("Category dresses: its forecast beside the sum of its SKU forecasts", html.ToString(), StringComparison.Ordinal);
    }
}
