namespace Forecasting.Core.Ssa;

/// <summary>Scratch buffers of one worker: reused from series to series, so the hot loop allocates only results.</summary>
internal sealed class SsaWorkspace(int maxWindow)
{
    public int MaxWindow => maxWindow;

    public SymmetricEigenSolver Eigen { get; } = new(maxWindow);

    public double[] Covariance { get; } = new double[maxWindow * maxWindow];

    public double[] EigenValues { get; } = new double[maxWindow];

    public double[] Vectors { get; } = new double[maxWindow * maxWindow];

    /// <summary>Basis (rows = eigenvectors) of the best window candidate so far.</summary>
    public double[] BestVectors { get; } = new double[maxWindow * maxWindow];

    public double[] Coefficients { get; } = new double[maxWindow];

    public double[] G { get; } = new double[maxWindow];

    public double[] Lag { get; } = new double[maxWindow];

    public double[] Acf { get; } = new double[400];

    public double[] Series { get; private set; } = new double[1024];

    public double[] Path { get; private set; } = new double[1024];

    /// <summary>Per (origin, rank) projection state: origins x maxRank x L.</summary>
    public double[] Projections { get; private set; } = new double[256];


    /// <summary>Back-test errors (origin-major) of the chosen rank of the current window candidate.</summary>
    public double[] CandidateResiduals { get; private set; } = new double[256];

    /// <summary>Back-test errors (origin-major) of the best candidate so far.</summary>
    public double[] Residuals { get; private set; } = new double[256];

    /// <summary>The rank search's back-test recurrences, 4 origins per vector.</summary>
    public BacktestLanes Lanes { get; } = new();

    /// <summary>The sliding pool of back-test residuals the quantiles are read from.</summary>
    public PooledResiduals Pool { get; } = new();

    public void EnsureSeries(int length)
    {
        if (Series.Length < length)
        {
            Series = new double[length * 2];
        }
    }

    /// <summary>The current candidate becomes the best: its basis (window <paramref name="l"/>) and back-test errors are kept.</summary>
    public void KeepBest(int l, int errors)
    {
        Vectors.AsSpan(0, l * l).CopyTo(BestVectors);
        CandidateResiduals.AsSpan(0, errors).CopyTo(Residuals);
    }

    public void EnsurePath(int length)
    {
        if (Path.Length < length)
        {
            Path = new double[length * 2];
        }
    }

    public void EnsureBacktest(int projections, int errors)
    {
        if (Projections.Length < projections)
        {
            Projections = new double[projections * 2];
        }

        if (Residuals.Length < errors)
        {
            Residuals = new double[errors * 2];
            CandidateResiduals = new double[errors * 2];
        }
    }
}
