using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>
/// The Newton step's weighted normal equations of <see cref="PoissonRegression"/>: the lower triangle of the
/// Hessian X'diag(mu)X and the gradient X'(mu - w y). Bit for bit the row-by-row sums (each element adds
/// (mu x_a) x_b row after row, in row order, no fused multiply-add), only faster: rows are taken in blocks,
/// and each 8 x 4 tile of the Hessian is held in eight 256-bit registers while the block's rows are added
/// into it (eight independent chains instead of one scalar chain per element). The Hessian is exactly the
/// same because every element sees the same additions in the same order; the tiles' upper parts are
/// computed too and dropped (the caller mirrors the lower triangle). The tile reads its buffers without bounds
/// checks: every index is inside them by construction (rows &lt; Block, tiles inside the padded sizes).
/// </summary>
internal sealed class NormalEquations
{
    private const int Block = 128, TileRows = 8, TileColumns = 4;

    private readonly int _features;
    private readonly int _columns;
    private readonly int _rows;
    private readonly double[] _x;
    private readonly double[] _weighted;
    private readonly double[] _residual = new double[Block];
    private readonly double[] _hessian;

    public NormalEquations(int features)
    {
        _features = features;
        _columns = (features + TileColumns - 1) / TileColumns * TileColumns;
        _rows = (features + TileRows - 1) / TileRows * TileRows;
        _x = new double[Block * _columns];
        _weighted = new double[_rows * Block];
        _hessian = new double[_rows * _columns];
    }

    /// <summary>Adds every row's terms into the lower triangle of <paramref name="hessian"/> (b &lt;= a) and into <paramref name="gradient"/>;
    /// <paramref name="exps"/> holds each row's exp(min(30, offset + x'beta)) at the current coefficients (mu = exp × weight).</summary>
    public void Accumulate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> exps, double[] hessian, double[] gradient)
    {
        int p = _features, n = y.Length;
        Array.Clear(_hessian);
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                _hessian[(a * _columns) + b] = hessian[(a * p) + b];
            }
        }

        for (int start = 0; start < n; start += Block)
        {
            int m = Math.Min(Block, n - start);
            for (int i = 0; i < m; i++)
            {
                var row = x.Slice((start + i) * p, p);
                double mu = exps[start + i] * weight[start + i];
                _residual[i] = mu - (weight[start + i] * y[start + i]);
                row.CopyTo(_x.AsSpan(i * _columns, p));
                for (int a = 0; a < p; a++)
                {
                    _weighted[(a * Block) + i] = mu * row[a];
                }
            }

            for (int i = 0; i < m; i++)
            {
                double residual = _residual[i];
                for (int a = 0; a < p; a++)
                {
                    gradient[a] += residual * _x[(i * _columns) + a];
                }
            }

            for (int ta = 0; ta < _rows; ta += TileRows)
            {
                for (int tb = 0; tb < _columns && tb < ta + TileRows; tb += TileColumns)
                {
                    Tile(ta, tb, m);
                }
            }
        }

        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                hessian[(a * p) + b] = _hessian[(a * _columns) + b];
            }
        }
    }

    /// <summary>Rows 0..m of the block added, in order, into the Hessian's tile of rows ta..ta+7 and columns tb..tb+3.</summary>
    private void Tile(int ta, int tb, int m)
    {
        int c = _columns;
        ref double h = ref MemoryMarshal.GetArrayDataReference(_hessian);
        ref double w = ref MemoryMarshal.GetArrayDataReference(_weighted);
        ref double x = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_x), tb);
        nuint at = (nuint)((ta * c) + tb), stride = (nuint)c;
        var h0 = Vector256.LoadUnsafe(ref h, at);
        var h1 = Vector256.LoadUnsafe(ref h, at + stride);
        var h2 = Vector256.LoadUnsafe(ref h, at + (2 * stride));
        var h3 = Vector256.LoadUnsafe(ref h, at + (3 * stride));
        var h4 = Vector256.LoadUnsafe(ref h, at + (4 * stride));
        var h5 = Vector256.LoadUnsafe(ref h, at + (5 * stride));
        var h6 = Vector256.LoadUnsafe(ref h, at + (6 * stride));
        var h7 = Vector256.LoadUnsafe(ref h, at + (7 * stride));
        ref double w0 = ref Unsafe.Add(ref w, ta * Block);
        for (int i = 0; i < m; i++)
        {
            var row = Vector256.LoadUnsafe(ref x, (nuint)(i * c));
            ref double wi = ref Unsafe.Add(ref w0, i);
            h0 += Vector256.Create(wi) * row;
            h1 += Vector256.Create(Unsafe.Add(ref wi, Block)) * row;
            h2 += Vector256.Create(Unsafe.Add(ref wi, 2 * Block)) * row;
            h3 += Vector256.Create(Unsafe.Add(ref wi, 3 * Block)) * row;
            h4 += Vector256.Create(Unsafe.Add(ref wi, 4 * Block)) * row;
            h5 += Vector256.Create(Unsafe.Add(ref wi, 5 * Block)) * row;
            h6 += Vector256.Create(Unsafe.Add(ref wi, 6 * Block)) * row;
            h7 += Vector256.Create(Unsafe.Add(ref wi, 7 * Block)) * row;
        }

        h0.StoreUnsafe(ref h, at);
        h1.StoreUnsafe(ref h, at + stride);
        h2.StoreUnsafe(ref h, at + (2 * stride));
        h3.StoreUnsafe(ref h, at + (3 * stride));
        h4.StoreUnsafe(ref h, at + (4 * stride));
        h5.StoreUnsafe(ref h, at + (5 * stride));
        h6.StoreUnsafe(ref h, at + (6 * stride));
        h7.StoreUnsafe(ref h, at + (7 * stride));
    }
}
