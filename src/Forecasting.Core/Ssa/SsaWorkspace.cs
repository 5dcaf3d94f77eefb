namespace Forecasting.Core.Ssa;

/// <summary>Scratch buffers of one worker: reused from series to series, so the hot loop allocates only results.</summary>
internal sealed class SsaWorkspace(int maxWindow)
{
    public SymmetricEigenSolver Eigen { get; } = new(maxWindow);

    public double[] Covariance { get; } = new double[maxWindow * maxWindow];

    public double[] EigenValues { get; } = new double[maxWindow];

    public double[] Vectors { get; } = new double[maxWindow * maxWindow];

    public double[] Coefficients { get; } = new double[maxWindow];

    public double[] G { get; } = new double[maxWindow];

    public double[] Lag { get; } = new double[maxWindow];

    public double[] Acf { get; } = new double[400];

    public double[] Series { get; private set; } = new double[1024];

    public double[] Path { get; private set; } = new double[1024];

    /// <summary>Per (origin, rank) projection state: origins x maxRank x L.</summary>
    public double[] Projections { get; private set; } = new double[256];

    public double[] Errors { get; private set; } = new double[256];

    public double[] Residuals { get; private set; } = new double[256];

    public double[] Sorted { get; private set; } = new double[256];

    public void EnsureSeries(int length)
    {
        if (Series.Length < length)
        {
            Series = new double[length * 2];
        }
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

        if (Errors.Length < errors)
        {
            Errors = new double[errors * 2];
            Residuals = new double[errors * 2];
            Sorted = new double[errors * 2];
        }
    }
}
