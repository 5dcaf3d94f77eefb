using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Ssa;

/// <summary>
/// The product's SSA forecaster over a batch of series (see <see cref="SsaEngine"/> for the method).
/// Series are spread over all cores, each worker with its own scratch buffers; every series depends only
/// on its own data, so results are identical whatever the number of threads. A series too short for
/// any window (or constant at zero) falls back to seasonal naive, named "SSA(fallback:...)".
/// </summary>
public sealed class SsaForecaster(SsaOptions? options = null, int? maxDegreeOfParallelism = null) : IOriginForecaster
{
    public const string ModelName = "SSA";

    private readonly SsaOptions _options = Validated(options ?? new SsaOptions());
    private readonly SeasonalNaiveForecaster _fallback = new();

    public string Name => ModelName;

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var results = new SeriesForecast[history.Count];
        int done = 0;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        int maxWindow = Math.Max(_options.MaxWindow, _options.Window ?? 0);
        const int chunk = 64;
        int chunks = (history.Count + chunk - 1) / chunk;
        Parallel.For(0, chunks, parallel, () => new SsaWorkspace(maxWindow), (c, _, workspace) =>
        {
            int end = Math.Min(history.Count, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = ForecastOne(history[i], request, workspace);
            }

            int finished = Interlocked.Add(ref done, end - (c * chunk));
            progress?.Report(finished);
            return workspace;
        }, _ => { });
        return results;
    }

    /// <summary>One series on the calling thread (a scratch workspace per thread): the chosen basis's
    /// recurrence from the projection of the L values before each cut.</summary>
    public SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        int maxWindow = Math.Max(_options.MaxWindow, _options.Window ?? 0);
        if (t_workspace is null || t_workspace.MaxWindow < maxWindow)
        {
            t_workspace = new SsaWorkspace(maxWindow);
        }

        return ForecastOne(series, request, t_workspace, cuts, originMeans);
    }

    [ThreadStatic]
    private static SsaWorkspace? t_workspace;

    private SeriesForecast ForecastOne(DemandSeries series, ForecastRequest request, SsaWorkspace workspace, ReadOnlySpan<int> cuts = default, Span<double> originMeans = default)
    {
        var result = SsaEngine.Forecast(series.Values, request.Horizon, request.SeasonLength, request.QuantileLevels, request.NonNegative, _options, workspace, cuts, originMeans);
        if (!result.Ok)
        {
            var fallback = _fallback.ForecastWithOrigins(series, request, cuts, originMeans);
            string inner = fallback.Model == SeasonalNaiveForecaster.FallbackName ? "Naive" : fallback.Model;
            return fallback.As($"{ModelName}(fallback:{inner})");
        }

        return new SeriesForecast(series.Key, ModelName, series.Granularity, series.PeriodStart(series.Length), result.Mean, request.QuantileLevels, result.Quantiles);
    }

    private static SsaOptions Validated(SsaOptions options)
    {
        options.Validate();
        return options;
    }
}
