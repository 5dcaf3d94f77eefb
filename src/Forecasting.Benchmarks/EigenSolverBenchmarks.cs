using BenchmarkDotNet.Attributes;
using Forecasting.Core.Ssa;
using Forecasting.Core.Synthetic;

namespace Forecasting.Benchmarks;

/// <summary>Lag covariance + symmetric eigen-decomposition of one 730-day series, the core of every SSA fit.</summary>
[MemoryDiagnoser]
public class EigenSolverBenchmarks
{
    private double[] _values = [];
    private double[] _covariance = [];
    private double[] _eigenvalues = [];
    private double[] _vectors = [];
    private SymmetricEigenSolver _solver = null!;

    [Params(14, 28, 56)]
    public int Window { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _values = BenchmarkSeries.Daily(1, 730)[0].Values.ToArray();
        _covariance = new double[Window * Window];
        _eigenvalues = new double[Window];
        _vectors = new double[Window * Window];
        _solver = new SymmetricEigenSolver(Window);
    }

    [Benchmark]
    public bool CovarianceAndDecomposition()
    {
        Trajectory.LagCovariance(_values, Window, _covariance);
        return _solver.Decompose(_covariance, Window, _eigenvalues, _vectors);
    }
}
