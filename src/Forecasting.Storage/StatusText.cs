using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage;

/// <summary>The lifecycle enums as the stores keep them: lower-case words in a text column (readable in ad-hoc
/// queries, unchanged from the strings of earlier versions).</summary>
internal static class StatusText
{
    public static string Of(ForecastRunStatus status) => status switch
    {
        ForecastRunStatus.Running => "running",
        ForecastRunStatus.Completed => "completed",
        ForecastRunStatus.Failed => "failed",
        ForecastRunStatus.Cancelled => "cancelled",
        ForecastRunStatus.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown forecast run status."),
    };

    public static string Of(LoadStatus status) => status switch
    {
        LoadStatus.Running => "running",
        LoadStatus.Completed => "completed",
        LoadStatus.Failed => "failed",
        LoadStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown load status."),
    };

    public static LoadStatus Load(string text) =>
        Enum.TryParse<LoadStatus>(text, ignoreCase: true, out var status) && Enum.IsDefined(status)
            ? status
            : throw new InvalidDataException($"ingest_loads.status '{text}' is not a load status.");

    public static ForecastRunStatus ForecastRun(string text) =>
        Enum.TryParse<ForecastRunStatus>(text, ignoreCase: true, out var status) && Enum.IsDefined(status)
            ? status
            : throw new InvalidDataException($"forecast_runs.status '{text}' is not a forecast run status.");
}
