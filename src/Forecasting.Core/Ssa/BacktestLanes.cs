using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Forecasting.Core.Ssa;

/// <summary>
/// The rank search's back-test recurrences with 8 origins in the lanes of one 512-bit vector (two 256-bit
/// ones where AVX-512 is missing): origin o is lane o % 8 of group o / 8, and a group's values at one
/// position are 8 consecutive doubles (interleaved), so each step of the recurrence is one vector
/// multiply-add per coefficient for 8 origins, with 4 partial sums to break the dependency chain. Lanes
/// beyond the last origin hold zeros and are masked out of the score.
/// </summary>
internal sealed class BacktestLanes
{
    public const int Width = 8;

    private double[] _paths = new double[1024];
    private double[] _actuals = new double[256];
    private double[] _errors = new double[256];
    private double[] _masks = new double[8];
    private int _groups;
    private int _order;
    private int _horizon;

    /// <summary>Prepares <paramref name="origins"/> origins (origin o at x.Length - horizon - o step) for recurrences of the given order.</summary>
    public void Reset(ReadOnlySpan<double> x, int order, int horizon, int origins, int step)
    {
        _groups = (origins + Width - 1) / Width;
        _order = order;
        _horizon = horizon;
        int paths = _groups * (order + horizon) * Width, values = _groups * horizon * Width;
        if (_paths.Length < paths)
        {
            _paths = new double[paths * 2];
        }

        if (_actuals.Length < values)
        {
            _actuals = new double[values * 2];
            _errors = new double[values * 2];
        }

        if (_masks.Length < _groups * Width)
        {
            _masks = new double[_groups * Width * 2];
        }

        _paths.AsSpan(0, paths).Clear();
        _actuals.AsSpan(0, values).Clear();
        _masks.AsSpan(0, _groups * Width).Clear();
        int n = x.Length;
        for (int o = 0; o < origins; o++)
        {
            int group = o / Width, lane = o % Width, origin = n - horizon - (o * step);
            _masks[(group * Width) + lane] = 1;
            for (int k = 0; k < horizon; k++)
            {
                _actuals[(((group * horizon) + k) * Width) + lane] = x[origin + k];
            }
        }
    }

    /// <summary>Sets origin <paramref name="o"/>'s starting state (the last order values of its projection).</summary>
    public void Start(int o, ReadOnlySpan<double> state)
    {
        int group = o / Width, lane = o % Width, stride = _order + _horizon;
        for (int t = 0; t < _order; t++)
        {
            _paths[(((group * stride) + t) * Width) + lane] = state[t];
        }
    }

    /// <summary>
    /// Runs the recurrence <paramref name="a"/> over the horizon from every origin's state and returns the sum
    /// of absolute errors, stopping once it is no longer below <paramref name="best"/> (step-major, as the
    /// scalar search did); NaN or infinite when a forecast is.
    /// </summary>
    public double Score(ReadOnlySpan<double> a, double best)
    {
        int order = _order, horizon = _horizon, stride = order + horizon;
        ref double coefficients = ref MemoryMarshal.GetReference(a);
        ref double paths = ref MemoryMarshal.GetArrayDataReference(_paths);
        ref double actuals = ref MemoryMarshal.GetArrayDataReference(_actuals);
        ref double errors = ref MemoryMarshal.GetArrayDataReference(_errors);
        ref double masks = ref MemoryMarshal.GetArrayDataReference(_masks);
        // |errors| accumulate per lane; the lanes are summed every 4 steps for the early exit.
        var total512 = Vector512<double>.Zero;
        var total256 = Vector256<double>.Zero;
        double score = 0;
        for (int k = 0; k < horizon && score < best; k++)
        {
            for (int group = 0; group < _groups; group++)
            {
                ref double window = ref Unsafe.Add(ref paths, ((group * stride) + k) * Width);
                int at = ((group * horizon) + k) * Width;
                if (Vector512.IsHardwareAccelerated)
                {
                    Vector512<double> acc0 = Vector512<double>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
                    int j = 0;
                    for (; j <= order - 4; j += 4)
                    {
                        acc0 += Vector512.Create(Unsafe.Add(ref coefficients, j)) * Vector512.LoadUnsafe(ref window, (nuint)(j * Width));
                        acc1 += Vector512.Create(Unsafe.Add(ref coefficients, j + 1)) * Vector512.LoadUnsafe(ref window, (nuint)((j + 1) * Width));
                        acc2 += Vector512.Create(Unsafe.Add(ref coefficients, j + 2)) * Vector512.LoadUnsafe(ref window, (nuint)((j + 2) * Width));
                        acc3 += Vector512.Create(Unsafe.Add(ref coefficients, j + 3)) * Vector512.LoadUnsafe(ref window, (nuint)((j + 3) * Width));
                    }

                    for (; j < order; j++)
                    {
                        acc0 += Vector512.Create(Unsafe.Add(ref coefficients, j)) * Vector512.LoadUnsafe(ref window, (nuint)(j * Width));
                    }

                    var forecast = (acc0 + acc1) + (acc2 + acc3);
                    forecast.StoreUnsafe(ref window, (nuint)(order * Width));
                    var error = Vector512.LoadUnsafe(ref actuals, (nuint)at) - forecast;
                    error.StoreUnsafe(ref errors, (nuint)at);
                    total512 += Vector512.Abs(error) * Vector512.LoadUnsafe(ref masks, (nuint)(group * Width));
                    continue;
                }

                for (int half = 0; half < Width; half += 4)
                {
                    ref double lanes = ref Unsafe.Add(ref window, half);
                    Vector256<double> acc0 = Vector256<double>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
                    int j = 0;
                    for (; j <= order - 4; j += 4)
                    {
                        acc0 += Vector256.Create(Unsafe.Add(ref coefficients, j)) * Vector256.LoadUnsafe(ref lanes, (nuint)(j * Width));
                        acc1 += Vector256.Create(Unsafe.Add(ref coefficients, j + 1)) * Vector256.LoadUnsafe(ref lanes, (nuint)((j + 1) * Width));
                        acc2 += Vector256.Create(Unsafe.Add(ref coefficients, j + 2)) * Vector256.LoadUnsafe(ref lanes, (nuint)((j + 2) * Width));
                        acc3 += Vector256.Create(Unsafe.Add(ref coefficients, j + 3)) * Vector256.LoadUnsafe(ref lanes, (nuint)((j + 3) * Width));
                    }

                    for (; j < order; j++)
                    {
                        acc0 += Vector256.Create(Unsafe.Add(ref coefficients, j)) * Vector256.LoadUnsafe(ref lanes, (nuint)(j * Width));
                    }

                    var forecast = (acc0 + acc1) + (acc2 + acc3);
                    forecast.StoreUnsafe(ref lanes, (nuint)(order * Width));
                    var error = Vector256.LoadUnsafe(ref actuals, (nuint)(at + half)) - forecast;
                    error.StoreUnsafe(ref errors, (nuint)(at + half));
                    total256 += Vector256.Abs(error) * Vector256.LoadUnsafe(ref masks, (nuint)((group * Width) + half));
                }
            }

            if ((k & 3) == 3 || k == horizon - 1)
            {
                score = Vector512.Sum(total512) + Vector256.Sum(total256);
            }
        }

        return score;
    }

    /// <summary>Copies the last scored errors, origin-major (origin o's h errors at o h), for <paramref name="origins"/> origins.</summary>
    public void CopyErrors(Span<double> target, int origins)
    {
        for (int o = 0; o < origins; o++)
        {
            int group = o / Width, lane = o % Width;
            for (int k = 0; k < _horizon; k++)
            {
                target[(o * _horizon) + k] = _errors[(((group * _horizon) + k) * Width) + lane];
            }
        }
    }
}
