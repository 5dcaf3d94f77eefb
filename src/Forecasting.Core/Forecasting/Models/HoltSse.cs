using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Forecasting.Core.Forecasting.Models;

/// <summary>
/// The one-step sum of squared errors of damped Holt (<see cref="HoltDampedForecaster.Run"/>) for many
/// (alpha, beta, phi) on one series, about 3x faster than the plain recursion, which is latency-bound
/// (each step waits for the previous state). The recursion is affine in the state s = (level, trend):
/// s_t = A s_{t-1} + g y_t, e_t = y_t - h s_{t-1} with A = [[1 - alpha, (1 - alpha) phi], [-alpha beta,
/// phi (1 - alpha beta)]], h = (1, phi). So the errors are split into 4 blocks run at once in the lanes of
/// one vector, each from a zero state; the true state s entering a block only adds -h A^j s to its j-th
/// error, so the block's SSE is sum e0^2 - 2 s.(sum e0_j d_j) + s'(sum d_j d_j')s with d_j = (h A^j)',
/// and the state leaving it is s0_end + A^len s. The blocks are then chained in order in a few operations.
/// Equal to the plain recursion up to rounding.
/// </summary>
internal sealed class HoltSse
{
    private const int Lanes = 4;

    private readonly double[] _y;
    private readonly double[] _interleaved;
    private readonly int _block;
    private readonly double _scale;

    public HoltSse(double[] y)
    {
        _y = y;
        int steps = y.Length - 1;
        _block = steps / Lanes;
        _interleaved = new double[_block * Lanes];
        for (int k = 0; k < Lanes; k++)
        {
            for (int j = 0; j < _block; j++)
            {
                _interleaved[(j * Lanes) + k] = y[1 + (k * _block) + j];
            }
        }

        foreach (double v in y)
        {
            _scale += v * v;
        }
    }

    /// <summary>Sum of y^2: the SSE's rounding is relative to it (the blocks start from zero).</summary>
    public double Scale => _scale;

    public double Evaluate(double alpha, double beta, double phi)
    {
        if (_block < 8)
        {
            return HoltDampedForecaster.Run(_y, alpha, beta, phi).Sse;
        }

        double ab = alpha * beta;
        double a00 = 1 - alpha, a01 = (1 - alpha) * phi, a10 = -ab, a11 = phi * (1 - ab);
        var vAlpha = Vector256.Create(alpha);
        var vAb = Vector256.Create(ab);
        var vPhi = Vector256.Create(phi);
        Vector256<double> level = Vector256<double>.Zero, trend = level, sse = level, ex = level, ey = level;
        double m00 = 1, m01 = 0, m10 = 0, m11 = 1, q00 = 0, q01 = 0, q11 = 0;
        ref double y = ref _interleaved[0];
        for (int j = 0; j < _block; j++)
        {
            double dx = m00 + (phi * m10), dy = m01 + (phi * m11);
            var damped = vPhi * trend;
            var forecast = level + damped;
            var error = Vector256.LoadUnsafe(ref Unsafe.Add(ref y, j * Lanes)) - forecast;
            sse += error * error;
            ex += error * dx;
            ey += error * dy;
            level = forecast + (vAlpha * error);
            trend = damped + (vAb * error);
            q00 += dx * dx;
            q01 += dx * dy;
            q11 += dy * dy;
            (m00, m01, m10, m11) = ((a00 * m00) + (a01 * m10), (a00 * m01) + (a01 * m11), (a10 * m00) + (a11 * m10), (a10 * m01) + (a11 * m11));
        }

        // The last block also takes the steps left over by the division into 4 (at most 3), serially.
        double lastLevel = level[Lanes - 1], lastTrend = trend[Lanes - 1], lastSse = sse[Lanes - 1], lastEx = ex[Lanes - 1], lastEy = ey[Lanes - 1];
        double n00 = m00, n01 = m01, n10 = m10, n11 = m11, r00 = q00, r01 = q01, r11 = q11;
        for (int t = 1 + (Lanes * _block); t < _y.Length; t++)
        {
            double dx = n00 + (phi * n10), dy = n01 + (phi * n11);
            double damped = phi * lastTrend, forecast = lastLevel + damped, error = _y[t] - forecast;
            lastSse += error * error;
            lastEx += error * dx;
            lastEy += error * dy;
            lastLevel = forecast + (alpha * error);
            lastTrend = damped + (ab * error);
            r00 += dx * dx;
            r01 += dx * dy;
            r11 += dy * dy;
            (n00, n01, n10, n11) = ((a00 * n00) + (a01 * n10), (a00 * n01) + (a01 * n11), (a10 * n00) + (a11 * n10), (a10 * n01) + (a11 * n11));
        }

        double sLevel = _y[0], sTrend = _y[1] - _y[0], total = 0;
        for (int k = 0; k < Lanes - 1; k++)
        {
            total += sse[k] - (2 * ((sLevel * ex[k]) + (sTrend * ey[k]))) + (sLevel * sLevel * q00) + (2 * sLevel * sTrend * q01) + (sTrend * sTrend * q11);
            (sLevel, sTrend) = (level[k] + (m00 * sLevel) + (m01 * sTrend), trend[k] + (m10 * sLevel) + (m11 * sTrend));
        }

        total += lastSse - (2 * ((sLevel * lastEx) + (sTrend * lastEy))) + (sLevel * sLevel * r00) + (2 * sLevel * sTrend * r01) + (sTrend * sTrend * r11);
        return Math.Max(0, total);
    }
}
