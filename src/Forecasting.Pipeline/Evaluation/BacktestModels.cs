using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;

namespace Forecasting.Pipeline.Evaluation;

/// <summary>Settings of a hold-out back-test.</summary>
public sealed record BacktestOptions
{
    /// <summary>Last days of the data held back and forecast from the day before them.</summary>
    /// <value>28.</value>
    public int Horizon { get; init; } = 28;

    /// <summary>Seasonal period of the models and of the MASE scale (a week for daily demand).</summary>
    /// <value>7.</value>
    public int SeasonLength { get; init; } = 7;

    /// <summary>Series per model call.</summary>
    /// <value>1,000.</value>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>Series kept with their forecasts for charts: the highest-volume ones and one intermittent one.</summary>
    /// <value>4.</value>
    public int Examples { get; init; } = 4;

    /// <summary>Days of history before the cut-off kept with each example.</summary>
    /// <value>91.</value>
    public int ExampleHistoryDays { get; init; } = 91;

    /// <summary>Write each model's back-test forecasts to the store as a back-test run.</summary>
    public bool StoreForecasts { get; init; } = true;

    public void Validate()
    {
        if (Horizon < 1 || SeasonLength < 1 || BatchSize < 1 || Examples < 0 || ExampleHistoryDays < 0)
        {
            throw new ArgumentException($"Back-test options out of range: horizon {Horizon}, season {SeasonLength}, batch {BatchSize}, examples {Examples}, example history {ExampleHistoryDays}.");
        }
    }
}

/// <summary>One model's accuracy over every scored series of a back-test (definitions of design.md;
/// coverage of the p10-p90 interval, pinball averaged over p10, p50 and p90). <c>ModelsUsed</c> counts the
/// model names the forecasts carry: what automatic selection chose, or a model's fallbacks.</summary>
public sealed record ModelAccuracy(
    string Model,
    int Series,
    long Rows,
    double Wape,
    double Mase,
    double Rmse,
    double Bias,
    double Coverage,
    double Pinball,
    int MaseSkipped,
    TimeSpan Elapsed,
    long? RunId,
    IReadOnlyDictionary<string, int> ModelsUsed);

/// <summary>A series kept for charts: history before the cut-off, the held-back actuals and each model's forecast.</summary>
public sealed record BacktestExample(SeriesKey Key, string Why, DateOnly HistoryStart, IReadOnlyList<double> History, IReadOnlyList<double> Actuals, IReadOnlyList<SeriesForecast> Forecasts);

/// <param name="Cutoff">Last day the models saw; the held-back days are the <c>Horizon</c> days after it.</param>
/// <param name="SkippedSeries">Series with no day before the cut-off (launched inside the hold-out): not scored.</param>
public sealed record BacktestResult(
    DateOnly Cutoff,
    int Horizon,
    int Series,
    int SkippedSeries,
    IReadOnlyList<ModelAccuracy> Models,
    IReadOnlyList<BacktestExample> Examples)
{
    /// <summary>The model with the lowest WAPE (ties: the first listed).</summary>
    public ModelAccuracy Best => Models.Where(m => !double.IsNaN(m.Wape)).OrderBy(m => m.Wape).FirstOrDefault() ?? Models[0];
}
