using BenchmarkDotNet.Attributes;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Models;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Ssa;
using Forecasting.Core.Synthetic;

namespace Forecasting.Benchmarks;

/// <summary>
/// Time and bytes per series of the engine on one core (every forecaster limited to one worker), on the
/// synthetic daily series of the bench command (730 days, horizon 28). Each invocation forecasts
/// <see cref="Batch"/> series, so the reported mean is divided by it (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class ForecasterBenchmarks
{
    private const int Batch = 500;
    private static readonly ForecastRequest Request = new() { Horizon = 28, SeasonLength = 7 };
    private List<DemandSeries> _series = [];
    private SsaForecaster _ssa28 = null!;
    private SsaForecaster _ssa = null!;
    private AutoForecaster _auto = null!;

    [GlobalSetup]
    public void Setup()
    {
        _series = BenchmarkSeries.Daily(Batch, 730);
        _ssa28 = new SsaForecaster(new SsaOptions { Window = 28 }, maxDegreeOfParallelism: 1);
        _ssa = new SsaForecaster(null, maxDegreeOfParallelism: 1);
        _auto = new AutoForecaster(new AutoOptions
        {
            Regular = [new SsaForecaster(null, 1), new ThetaForecaster(), new HoltDampedForecaster(), new SesForecaster(), new SeasonalNaiveForecaster()],
        });
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "SSA L=28, rank by back-test")]
    public IReadOnlyList<SeriesForecast> SsaWindow28() => _ssa28.Forecast(_series, Request);

    [Benchmark(OperationsPerInvoke = Batch, Description = "SSA, window and rank automatic")]
    public IReadOnlyList<SeriesForecast> SsaAutomatic() => _ssa.Forecast(_series, Request);

    [Benchmark(OperationsPerInvoke = Batch, Description = "automatic pipeline (5 candidates x 3 origins)")]
    public IReadOnlyList<SeriesForecast> AutomaticPipeline() => _auto.Forecast(_series, Request);
}
