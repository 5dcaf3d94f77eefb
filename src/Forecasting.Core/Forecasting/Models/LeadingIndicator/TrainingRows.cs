namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>
/// The sampled training rows of <see cref="LeadingIndicatorModel"/>: features row-major in one array (the
/// regressions read it in place), grouped by series in panel order, each series' origins in descending order.
/// Kept with the model so that the per-series conversion, which visits a superset of those origins, reads a
/// row instead of computing the same features again.
/// </summary>
internal sealed class TrainingRows
{
    private readonly int _features;
    private readonly int[] _first;
    private double[] _x;
    private int[] _origins;
    private int _count;

    public TrainingRows(int series, int features, int capacity)
    {
        _features = features;
        _first = new int[series + 1];
        _x = new double[Math.Max(1, capacity) * features];
        _origins = new int[Math.Max(1, capacity)];
    }

    /// <summary>Row-major features of every row (the array may be longer than <see cref="Count"/> rows).</summary>
    public double[] Features => _x;

    public int Count => _count;

    public ReadOnlySpan<double> Row(int index) => _x.AsSpan(index * _features, _features);

    /// <summary>Rows added from now on belong to series <paramref name="series"/> (call for every series in increasing order, and once with the series count at the end).</summary>
    public void StartSeries(int series) => _first[series] = _count;

    public void Add(int origin, ReadOnlySpan<double> row)
    {
        if (_count == _origins.Length)
        {
            Array.Resize(ref _origins, _count * 2);
            Array.Resize(ref _x, _count * 2 * _features);
        }

        row.CopyTo(_x.AsSpan(_count * _features, _features));
        _origins[_count++] = origin;
    }

    /// <summary>A cursor over series <paramref name="series"/>'s rows, for origins visited in descending order.</summary>
    public Cursor Of(int series) => new(this, _first[series], _first[series + 1]);

    /// <summary>Walks one series' rows along descending origins.</summary>
    public struct Cursor(TrainingRows rows, int next, int end)
    {
        /// <summary>The row of origin <paramref name="origin"/>, if that origin was sampled; origins must be asked in descending order.</summary>
        public int? Next(int origin)
        {
            while (next < end && rows._origins[next] > origin)
            {
                next++;
            }

            return next < end && rows._origins[next] == origin ? next : null;
        }
    }
}
