using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Forecasting.Core.Ssa;

/// <summary>
/// Order statistics of a sliding pool of back-test residuals: the residuals of the horizons within a
/// distance of step k, all origins. They are sorted once (by counting ranks with vector compares for the
/// usual few hundred, else by a sort); the pool is a bit set over the sorted positions that gains and loses
/// one horizon's residuals per step, so the r-th smallest pooled residual is the r-th set bit, found
/// with population counts. Scratch arrays are reused from series to series.
/// </summary>
internal sealed class PooledResiduals
{
    private const int RankSortLimit = 256;

    private double[] _sorted = new double[256];
    private int[] _position = new int[256];
    private ulong[] _pool = new ulong[4];
    private int _origins;
    private int _horizon;

    /// <summary>Residuals in the pool.</summary>
    public int Count { get; private set; }

    /// <summary>Takes the residuals (origin-major: <paramref name="origins"/> x <paramref name="horizon"/>) and empties the pool.</summary>
    public void Reset(ReadOnlySpan<double> residuals, int origins, int horizon)
    {
        int total = origins * horizon;
        if (_sorted.Length < total)
        {
            _sorted = new double[total * 2];
            _position = new int[total * 2];
            _pool = new ulong[((total * 2) + 63) / 64];
        }

        _origins = origins;
        _horizon = horizon;
        Count = 0;
        _pool.AsSpan(0, (total + 63) / 64).Clear();
        if (total <= RankSortLimit)
        {
            RankSort(residuals[..total]);
        }
        else
        {
            var order = new int[total];
            var keys = residuals[..total].ToArray();
            for (int i = 0; i < total; i++)
            {
                order[i] = i;
            }

            keys.AsSpan().Sort(order.AsSpan());
            for (int r = 0; r < total; r++)
            {
                _sorted[r] = keys[r];
                _position[order[r]] = r;
            }
        }
    }

    /// <summary>Adds (or removes) the residuals of horizon step <paramref name="step"/> (ignored outside the horizon).</summary>
    public void Toggle(int step, bool add)
    {
        if (step < 0 || step >= _horizon)
        {
            return;
        }

        for (int o = 0; o < _origins; o++)
        {
            int at = _position[(o * _horizon) + step];
            ulong bit = 1UL << (at & 63);
            _pool[at >> 6] = add ? _pool[at >> 6] | bit : _pool[at >> 6] & ~bit;
        }

        Count += add ? _origins : -_origins;
    }

    /// <summary>The empirical quantile of the pool (<see cref="SsaEngine.EmpiricalQuantile"/>'s rule).</summary>
    public double Quantile(double level)
    {
        var (lower, upper, weight) = SsaEngine.QuantilePosition(Count, level);
        double low = _sorted[Select(lower)];
        return upper == lower ? low : low + (weight * (_sorted[Select(upper)] - low));
    }

    /// <summary>Sorted position of the r-th (0-based) pooled residual.</summary>
    private int Select(int r)
    {
        for (int w = 0; ; w++)
        {
            ulong word = _pool[w];
            int inWord = BitOperations.PopCount(word);
            if (r < inWord)
            {
                if (Bmi2.X64.IsSupported)
                {
                    return (w * 64) + BitOperations.TrailingZeroCount(Bmi2.X64.ParallelBitDeposit(1UL << r, word));
                }

                for (; r > 0; r--)
                {
                    word &= word - 1;
                }

                return (w * 64) + BitOperations.TrailingZeroCount(word);
            }

            r -= inWord;
        }
    }

    /// <summary>Stable sort by rank: rank_i = #{j : x_j &lt; x_i} + #{j &lt; i : x_j == x_i}, counted 8 (or 4) at a time.</summary>
    private void RankSort(ReadOnlySpan<double> x)
    {
        int n = x.Length, width = Vector512.IsHardwareAccelerated ? 8 : 4, vectors = n / width;
        ref double start = ref MemoryMarshal.GetReference(x);
        for (int i = 0; i < n; i++)
        {
            double value = x[i];
            int before = i / width; // whole vectors entirely before i
            long rank = 0;
            if (width == 8)
            {
                var probe = Vector512.Create(value);
                Vector512<long> less = Vector512<long>.Zero, tied = Vector512<long>.Zero;
                int v = 0;
                for (; v < before; v++)
                {
                    var chunk = Vector512.LoadUnsafe(ref start, (nuint)(v * 8));
                    less -= Vector512.LessThan(chunk, probe).AsInt64();
                    tied -= Vector512.Equals(chunk, probe).AsInt64();
                }

                for (; v < vectors; v++)
                {
                    less -= Vector512.LessThan(Vector512.LoadUnsafe(ref start, (nuint)(v * 8)), probe).AsInt64();
                }

                rank = Vector512.Sum(less) + Vector512.Sum(tied);
            }
            else
            {
                var probe = Vector256.Create(value);
                Vector256<long> less = Vector256<long>.Zero, tied = Vector256<long>.Zero;
                int v = 0;
                for (; v < before; v++)
                {
                    var chunk = Vector256.LoadUnsafe(ref start, (nuint)(v * 4));
                    less -= Vector256.LessThan(chunk, probe).AsInt64();
                    tied -= Vector256.Equals(chunk, probe).AsInt64();
                }

                for (; v < vectors; v++)
                {
                    less -= Vector256.LessThan(Vector256.LoadUnsafe(ref start, (nuint)(v * 4)), probe).AsInt64();
                }

                rank = Vector256.Sum(less) + Vector256.Sum(tied);
            }

            for (int j = vectors * width; j < n; j++)
            {
                rank += x[j] < value ? 1 : 0;
            }

            for (int j = before * width; j < i; j++)
            {
                rank += x[j] == value ? 1 : 0;
            }

            _sorted[rank] = value;
            _position[i] = (int)rank;
        }
    }
}
