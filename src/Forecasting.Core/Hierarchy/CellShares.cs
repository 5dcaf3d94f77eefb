namespace Forecasting.Core.Hierarchy;

/// <summary>
/// Shares a fixed parent total among its children the way MinT does when the parent's own forecast is not to move:
/// with the children's error covariance W, the gap between the total and the children's sum goes to child i in
/// proportion to <c>(W 1)_i</c>, its error variance plus its covariance with its siblings (a diagonal W: in proportion
/// to each child's variance). A child pushed below 0 is set to 0 and the rest of the gap shared again among the others.
/// When the remaining children have no error variance the gap is shared in proportion to their forecasts (equally if
/// those are all 0).
/// </summary>
public sealed class CellShares
{
    private readonly ShrunkCovariance _covariance;
    private readonly double[] _rowSums;

    public CellShares(ShrunkCovariance covariance)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        _covariance = covariance;
        _rowSums = new double[covariance.Count];
        var ones = new double[covariance.Count];
        Array.Fill(ones, 1.0);
        covariance.Multiply(ones, _rowSums);
    }

    /// <summary>Moves <paramref name="values"/> (the children's forecasts) so they add up to <paramref name="total"/> (at least 0).</summary>
    public void ShareInPlace(Span<double> values, double total)
    {
        if (values.Length != _rowSums.Length)
        {
            throw new ArgumentException($"Expected {_rowSums.Length} values, got {values.Length}.", nameof(values));
        }

        total = Math.Max(0, total);
        var active = new bool[values.Length];
        Array.Fill(active, true);
        var weights = (double[])_rowSums.Clone();
        for (int round = 0; round <= values.Length; round++)
        {
            double gap = total, weightSum = 0, weightMagnitude = 0, valueSum = 0;
            int count = 0;
            for (int i = 0; i < values.Length; i++)
            {
                gap -= values[i];
                if (active[i])
                {
                    weightSum += weights[i];
                    weightMagnitude += Math.Abs(weights[i]);
                    valueSum += values[i];
                    count++;
                }
            }

            if (count == 0 || Math.Abs(gap) <= 1e-12 * Math.Max(1, total))
            {
                return;
            }

            bool byWeight = weightSum > 1e-12 * weightMagnitude && weightSum > 0;
            bool negative = false;
            for (int i = 0; i < values.Length; i++)
            {
                if (!active[i])
                {
                    continue;
                }

                double share = byWeight ? weights[i] / weightSum : valueSum > 0 ? values[i] / valueSum : 1.0 / count;
                values[i] += share * gap;
                if (values[i] < 0)
                {
                    negative = true;
                }
            }

            if (!negative)
            {
                return;
            }

            var remaining = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] <= 0)
                {
                    values[i] = 0;
                    active[i] = false;
                }

                remaining[i] = active[i] ? 1 : 0;
            }

            _covariance.Multiply(remaining, weights); // row sums of W over the children still active
        }
    }
}
