using System.Globalization;
using Forecasting.Core.Forecasting;

namespace Forecasting.Cli.Commands;

/// <summary>
/// The forecasts of a <c>bench forecast</c> pass as CSV, every number at round-trip precision, so that two
/// builds can be compared series by series (same model chosen, same means and quantiles): a speed change
/// must not change a forecast.
/// </summary>
internal static class BenchForecastDump
{
    public static void Write(TextWriter writer, string variant, IReadOnlyList<SeriesForecast> forecasts)
    {
        foreach (var forecast in forecasts)
        {
            for (int t = 0; t < forecast.Horizon; t++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{variant},{forecast.Key.Sku},{forecast.Key.Region},{forecast.Model},{t},{forecast.Mean[t]:R}"));
                for (int l = 0; l < forecast.QuantileLevels.Count; l++)
                {
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $",{forecast.Quantile(l)[t]:R}"));
                }

                writer.WriteLine();
            }
        }
    }
}
