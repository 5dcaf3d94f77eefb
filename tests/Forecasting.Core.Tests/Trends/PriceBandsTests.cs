using Forecasting.Core.Trends;

namespace Forecasting.Core.Tests.Trends;

public sealed class PriceBandsTests
{
    [Theory]
    [InlineData(null, "unpriced")]
    [InlineData("4.95", "0-25")]
    [InlineData("25", "25-50")]
    [InlineData("99.99", "50-100")]
    [InlineData("200", "200+")]
    public void A_price_falls_in_the_band_whose_lower_edge_it_reaches(string? price, string band) =>
        Assert.Equal(band, PriceBands.Default.Of(price is null ? null : decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Edges_are_parsed_named_and_checked()
    {
        var bands = PriceBands.Parse("19.99, 49.5");

        Assert.Equal(["0-19.99", "19.99-49.5", "49.5+", "unpriced"], bands.Names);
        Assert.Throws<ArgumentException>(() => PriceBands.Parse("50,20"));
        Assert.Throws<ArgumentException>(() => PriceBands.Parse("0"));
        Assert.Throws<ArgumentException>(() => PriceBands.Parse("cheap"));
    }
}
