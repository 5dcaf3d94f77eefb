using System.Text;
using Forecasting.Storage.Files;
using Forecasting.Storage.Datasets;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Datasets;

public class LongFormatLoaderTests
{
    private static IReadOnlyList<LongFormatSeries> Load(string csv, LongFormatColumns? columns = null) =>
        LongFormatLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "data.csv", columns);

    [Fact]
    public void Positions_in_any_order_with_gaps_become_nan()
    {
        var series = Load("series_id,t,value\nB,2,20\nA,3,3\nA,1,1\nB,1,10\nA,5,5\n");

        Assert.Equal(["B", "A"], series.Select(s => s.Id)); // order of first appearance
        var a = series[1];
        Assert.Equal(1, a.FirstTime);
        Assert.Equal(5, a.Values.Length);
        Assert.Equal(1, a.Values[0]);
        Assert.True(double.IsNaN(a.Values[1]));
        Assert.Equal(3, a.Values[2]);
        Assert.Equal("5", a.TimeLabel(4));
    }

    [Fact]
    public void Months_with_empty_values_are_trimmed_at_both_ends()
    {
        var series = Load("series_id,period,demand\np1,1998-01,\np1,1998-02,0\np1,1998-03,4\np1,1998-04,\np1,1998-05,\n", new LongFormatColumns("series_id", "period", "demand")).Single();

        Assert.Equal(TimeKind.Month, series.Kind);
        Assert.Equal([0.0, 4], series.Values);
        Assert.Equal("1998-02", series.TimeLabel(0));
        Assert.Equal("1998-03", series.TimeLabel(1));
    }

    [Fact]
    public void Iso_dates_step_by_day()
    {
        var series = Load("series_id,t,value\nx,2025-02-27,1\nx,2025-03-01,3\n").Single();

        Assert.Equal(TimeKind.Date, series.Kind);
        Assert.Equal(3, series.Values.Length); // 27 Feb, 28 Feb (missing), 1 Mar
        Assert.Equal("2025-02-28", series.TimeLabel(1));
    }

    [Theory]
    [InlineData("series_id,t,value\nA,1,1\nA,2,abc\n", "data.csv: line 3, column value: 'abc' is not a finite number")]
    [InlineData("series_id,t,value\nA,1,1\nA,x,2\n", "data.csv: line 3, column t: 'x' is not an integer position like the first row's time")]
    [InlineData("series_id,t,value\nA,1,1\nA,1,2\n", "data.csv: line 3, column t: series 'A' has this time twice (first on line 2)")]
    [InlineData("series_id,t,value\n,1,1\n", "data.csv: line 2, column series_id: the series id is empty")]
    public void Bad_rows_name_file_line_and_column(string csv, string message)
    {
        var e = Assert.Throws<IngestFormatException>(() => Load(csv));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_missing_column_is_reported_before_reading_rows()
    {
        var e = Assert.Throws<IngestFormatException>(() => Load("id,t,value\nA,1,1\n"));

        Assert.Contains("missing required column 'series_id'", e.Message, StringComparison.Ordinal);
    }
}
