using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Ssa;

/// <summary>Point forecasts and symmetric Gaussian bounds of an SSA model.</summary>
public sealed record SsaForecast(double[] Mean, double[] Lower, double[] Upper);

/// <summary>
/// A trained SSA model as ML.NET keeps it (ssa-spec.md sections 2.9 and 3): order L-1 recurrence
/// coefficients, the smoothed state, the rank-r basis for projecting new observations, the noise
/// variances behind the intervals, and the last raw observations. <see cref="Update"/> feeds one
/// observation; <see cref="Forecast"/> never changes the model; <see cref="Checkpoint"/> and
/// <see cref="Restore"/> round-trip it exactly.
/// </summary>
/// <remarks>Not thread-safe (updates mutate the state); forecast from a <see cref="Clone"/> per thread.</remarks>
public sealed class SsaModel
{
    private const int CheckpointVersion = 1;

    private readonly double[] _coefficients; // a[0..L-2], a[L-2] multiplies the newest value
    private readonly double[] _state; // s[0..L-2], s[L-2] the smoothed newest value
    private readonly double[] _basis; // rank x L, row-major
    private readonly List<double> _recent; // raw observations fed since training (last L-1 kept)
    private readonly double[] _lag;
    private readonly double[] _projection;

    internal SsaModel(int window, int rank, double[] coefficients, double[] state, double[] basis, double observationVariance, double arVariance, bool trained, bool intervals)
    {
        WindowSize = window;
        Rank = rank;
        _coefficients = coefficients;
        _state = state;
        _basis = basis;
        ObservationVariance = observationVariance;
        ArVariance = arVariance;
        IsTrained = trained;
        HasIntervals = intervals;
        _recent = new List<double>(window);
        _lag = new double[window];
        _projection = new double[window];
    }

    /// <summary>Window L after training (ML.NET may shrink it on degenerate data).</summary>
    public int WindowSize { get; }

    public int Rank { get; }

    /// <summary>False when training had too few points: every forecast and bound is 0.</summary>
    public bool IsTrained { get; }

    public bool HasIntervals { get; }

    public double ObservationVariance { get; }

    public double ArVariance { get; }

    public ReadOnlySpan<double> Coefficients => _coefficients;

    public ReadOnlySpan<double> State => _state;

    /// <summary>Forecasts <paramref name="horizon"/> steps from the current state with bounds at the two-sided
    /// <paramref name="confidenceLevel"/> (ML.NET's interval recursion, including its off-by-one).</summary>
    public SsaForecast Forecast(int horizon, double confidenceLevel = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (confidenceLevel is < 0 or >= 1 || double.IsNaN(confidenceLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level lies in [0, 1).");
        }

        int order = _coefficients.Length;
        var mean = new double[horizon];
        var lower = new double[horizon];
        var upper = new double[horizon];
        var z = new double[order + horizon];
        _state.CopyTo(z, 0);
        for (int k = 0; k < horizon; k++)
        {
            double f = 0;
            for (int j = 0; j < order; j++)
            {
                f += _coefficients[j] * z[k + j];
            }

            z[order + k] = f;
            mean[k] = f;
        }

        if (!HasIntervals)
        {
            mean.CopyTo(lower, 0);
            mean.CopyTo(upper, 0);
            return new SsaForecast(mean, lower, upper);
        }

        // psi_0 = 1, psi_k = sum_{m=1..min(k, L-1)} a[L-1-m] psi_{k-m}; V_0 = s2obs + s2ar, V_k = V_{k-1} + s2ar psi_{k+1}^2.
        var psi = new double[horizon + 1];
        psi[0] = 1;
        for (int k = 1; k <= horizon; k++)
        {
            double sum = 0;
            for (int m = 1; m <= Math.Min(k, order); m++)
            {
                sum += _coefficients[order - m] * psi[k - m];
            }

            psi[k] = sum;
        }

        double zq = NormalDistribution.InverseCdf(0.5 + (confidenceLevel / 2));
        double variance = ObservationVariance + ArVariance;
        for (int k = 0; k < horizon; k++)
        {
            if (k >= 1)
            {
                variance += ArVariance * psi[k + 1] * psi[k + 1];
            }

            double half = zq * Math.Sqrt(variance);
            lower[k] = mean[k] - half;
            upper[k] = mean[k] + half;
        }

        return new SsaForecast(mean, lower, upper);
    }

    /// <summary>Feeds one observation (ssa-spec.md section 3.2); NaN is ignored as in ML.NET.</summary>
    public void Update(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        int l = WindowSize;
        if (_recent.Count == 0)
        {
            _recent.AddRange(_state); // first update after training seeds the queue with the smoothed state
        }

        int have = Math.Min(l - 1, _recent.Count);
        int pad = l - 1 - have;
        for (int i = 0; i < pad; i++)
        {
            _lag[i] = 0;
        }

        for (int i = 0; i < have; i++)
        {
            _lag[pad + i] = _recent[_recent.Count - have + i];
        }

        _lag[l - 1] = value;
        if (IsTrained)
        {
            Trajectory.Project(_basis, Rank, _lag, _projection);
            for (int i = 0; i < l - 2; i++)
            {
                _state[i] = (((l - 2 - i) * _state[i + 1]) + _projection[i + 1]) / (l - 1 - i);
            }

            _state[l - 2] = _projection[l - 1];
        }

        _recent.Add(value);
        if (_recent.Count > l - 1)
        {
            _recent.RemoveAt(0);
        }
    }

    /// <summary>An independent copy (same parameters, state and recent observations).</summary>
    public SsaModel Clone() => Restore(Checkpoint());

    /// <summary>Serialises everything needed to continue identically: a small versioned binary record.</summary>
    public byte[] Checkpoint()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(CheckpointVersion);
            writer.Write(WindowSize);
            writer.Write(Rank);
            writer.Write(IsTrained);
            writer.Write(HasIntervals);
            writer.Write(ObservationVariance);
            writer.Write(ArVariance);
            WriteArray(writer, _coefficients);
            WriteArray(writer, _state);
            WriteArray(writer, _basis);
            WriteArray(writer, [.. _recent]);
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">Not a checkpoint of this version.</exception>
    public static SsaModel Restore(byte[] checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        int version = reader.ReadInt32();
        if (version != CheckpointVersion)
        {
            throw new InvalidDataException($"SSA checkpoint version {version} is not supported (expected {CheckpointVersion}).");
        }

        int window = reader.ReadInt32();
        int rank = reader.ReadInt32();
        bool trained = reader.ReadBoolean();
        bool intervals = reader.ReadBoolean();
        double observation = reader.ReadDouble();
        double ar = reader.ReadDouble();
        var model = new SsaModel(window, rank, ReadArray(reader), ReadArray(reader), ReadArray(reader), observation, ar, trained, intervals);
        model._recent.AddRange(ReadArray(reader));
        return model;
    }

    private static void WriteArray(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (double v in values)
        {
            writer.Write(v);
        }
    }

    private static double[] ReadArray(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }
}
