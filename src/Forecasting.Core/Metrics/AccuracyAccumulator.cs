using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Metrics;

/// <summary>
/// Accumulates forecast errors over many series so that a group's metrics are computed over all its rows
/// (a group's WAPE is sum |e| / sum |y| over every row, not a mean of per-series WAPEs) without keeping
/// the rows. MASE is the mean of per-series MASE values (the M4 convention); series whose scale is
/// undefined are counted in <see cref="MaseSkipped"/> and left out of it.
/// </summary>
/// <remarks>Not thread-safe; use one per worker and <see cref="Merge"/> them.</remarks>
public sealed class AccuracyAccumulator
{
    private double _absError, _absActual, _signedError, _actual, _squaredError;
    private double _maseSum, _pinballSum;
    private long _rows, _inside, _pinballTerms;

    public long Rows => _rows;

    public int Series { get; private set; }

    public int MaseSeries { get; private set; }

    public int MaseSkipped { get; private set; }

    /// <summary>Adds one forecast against its actuals with its own quantiles: p10-p90 for coverage (when the forecast
    /// has both levels) and every level for pinball loss. The one scoring step of every evaluation (rolling-origin,
    /// the store back-test).</summary>
    /// <param name="insample">The history the forecast was made from (for the MASE scale).</param>
    public void Add(ReadOnlySpan<double> actual, SeriesForecast forecast, ReadOnlySpan<double> insample, int m)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var levels = forecast.QuantileLevels;
        var quantiles = levels.Select((level, q) => (level, forecast.Quantile(q).ToArray())).ToList();
        int low = SeriesForecast.IndexOfLevel(levels, 0.1), high = SeriesForecast.IndexOfLevel(levels, 0.9);
        Add(actual, forecast.Mean, insample, m, low < 0 ? default : forecast.Quantile(low), high < 0 ? default : forecast.Quantile(high), quantiles);
    }

    /// <summary>Adds one series' forecast against its actuals.</summary>
    /// <param name="insample">The history the forecast was made from (for the MASE scale).</param>
    /// <param name="lower">p10 (or another lower bound); empty to skip coverage.</param>
    /// <param name="upper">p90; empty to skip coverage.</param>
    /// <param name="quantiles">Quantile forecasts for pinball loss, with their levels; may be empty.</param>
    public void Add(
        ReadOnlySpan<double> actual,
        ReadOnlySpan<double> forecast,
        ReadOnlySpan<double> insample,
        int m,
        ReadOnlySpan<double> lower,
        ReadOnlySpan<double> upper,
        IReadOnlyList<(double Level, double[] Values)>? quantiles = null)
    {
        if (actual.Length != forecast.Length)
        {
            throw new ArgumentException($"Actuals have {actual.Length} values but the forecast has {forecast.Length}.");
        }

        for (int i = 0; i < actual.Length; i++)
        {
            double e = forecast[i] - actual[i];
            _absError += Math.Abs(e);
            _absActual += Math.Abs(actual[i]);
            _signedError += e;
            _actual += actual[i];
            _squaredError += e * e;
        }

        if (!lower.IsEmpty && !upper.IsEmpty)
        {
            for (int i = 0; i < actual.Length; i++)
            {
                if (actual[i] >= lower[i] && actual[i] <= upper[i])
                {
                    _inside++;
                }
            }
        }

        if (quantiles is not null)
        {
            foreach (var (level, values) in quantiles)
            {
                for (int i = 0; i < actual.Length; i++)
                {
                    _pinballSum += AccuracyMetrics.PinballTerm(actual[i], values[i], level);
                }

                _pinballTerms += actual.Length;
            }
        }

        double mase = AccuracyMetrics.Mase(actual, forecast, insample, m);
        if (double.IsFinite(mase))
        {
            _maseSum += mase;
            MaseSeries++;
        }
        else
        {
            MaseSkipped++;
        }

        _rows += actual.Length;
        Series++;
    }

    public double Wape => _absActual == 0 ? double.NaN : _absError / _absActual;

    public double Mae => _rows == 0 ? double.NaN : _absError / _rows;

    public double Rmse => _rows == 0 ? double.NaN : Math.Sqrt(_squaredError / _rows);

    public double Bias => _actual == 0 ? double.NaN : _signedError / _actual;

    /// <summary>Share of actuals inside [lower, upper] (NaN when no bounds were given).</summary>
    public double Coverage => _rows == 0 ? double.NaN : (double)_inside / _rows;

    /// <summary>Mean pinball loss over every quantile level and row given.</summary>
    public double Pinball => _pinballTerms == 0 ? double.NaN : _pinballSum / _pinballTerms;

    public double Mase => MaseSeries == 0 ? double.NaN : _maseSum / MaseSeries;

    public void Merge(AccuracyAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _absError += other._absError;
        _absActual += other._absActual;
        _signedError += other._signedError;
        _actual += other._actual;
        _squaredError += other._squaredError;
        _maseSum += other._maseSum;
        _pinballSum += other._pinballSum;
        _rows += other._rows;
        _inside += other._inside;
        _pinballTerms += other._pinballTerms;
        Series += other.Series;
        MaseSeries += other.MaseSeries;
        MaseSkipped += other.MaseSkipped;
    }
}
