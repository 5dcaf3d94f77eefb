using System.Text.Json;
using Forecasting.Core.Forecasting;

namespace Forecasting.Pipeline.Training;

/// <summary>The settings stored with a forecast run (<see cref="Core.Domain.ForecastRun.Parameters"/>), as JSON.</summary>
public static class RunParameters
{
    public static string Json(string model, ForecastRequest request, DateOnly cutoff, DateOnly? dataLastDay)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["model"] = model,
            ["horizon"] = request.Horizon,
            ["seasonLength"] = request.SeasonLength,
            ["quantileLevels"] = request.QuantileLevels,
            ["nonNegative"] = request.NonNegative,
            ["cutoff"] = cutoff.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["dataLastDay"] = dataLastDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
