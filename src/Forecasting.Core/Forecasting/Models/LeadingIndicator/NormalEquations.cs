using System.Runtime.Intrinsics;

namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>
/// The Newton step's weighted normal equations of <see cref="PoissonRegression"/>: the lower triangle of the
/// Hessian X'diag(mu)X and the gradient X'(mu - w y). Bit for bit the row-by-row sums (each element adds
/// (mu x_a) x_b row after row, in row order, no fused multiply-add), only faster: rows are taken in blocks,
/// and each 8 x 4 tile of the Hessian is held in eight 256-bit registers while the block's rows are added
/// into it (eight independent chains instead of one scalar chain per element). The Hessian is exactly the
/// same because every element sees the same additions in the same order; the tiles' upper parts are
/// computed too and dropped (the caller mirrors the lower triangle).
/// </summary>
internal sealed class NormalEquations
{
    private const int Block = 128, TileRows = 8, TileColumns = 4;
    private const double MaxEta = 30;

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

    /// <summary>Adds every row's terms at <paramref name="beta"/> into the lower triangle of <paramref name="hessian"/> (b &lt;= a) and into <paramref name="gradient"/>.</summary>
    public void Accumulate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> offset, ReadOnlySpan<double> weight, ReadOnlySpan<double> beta, double[] hessian, double[] gradient)
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
                double mu = Math.Exp(Math.Min(MaxEta, offset[start + i] + PoissonRegression.Dot(row, beta))) * weight[start + i];
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
        ReadOnlySpan<double> w = _weighted, x = _x;
        Span<double> h = _hessian;
        int c = _columns;
        var h0 = Vector256.Create((ReadOnlySpan<double>)h.Slice((ta * c) + tb, TileColumns));
        var h1 = Vector256.Create((ReadOnlySpan<double>)h.Slice(((ta + 1) * c) + tb, TileColumns));
        var h2 = Vector256.Create((ReadOnlySpan<double>)h.Slice(((ta + 2) * c) + tb, TileColumns));
        var h3 = Vector256.Create((ReadOnlySpan<double>)h.Slice(((ta + 3) * c) + tb, TileColumns));
        var h4 = Vector256.Create((ReadOnlySpan<double>)h.Slice(((ta + 4) * c) + tb, TileColumns));
        var h5 = Vector256.Create((ReadOnlySpan<double>)h.Slice(((ta + 5) * c) + tb, TileColumns));
        var h6 = Vector256.Create((ReadOnlySpan<double>)h.Slice(((ta + 6) * c) + tb, TileColumns));
        var h7 = Vector256.Create((ReadOnlySpan<double>)h.Slice(((ta + 7) * c) + tb, TileColumns));
        int wa = ta * Block;
        for (int i = 0; i < m; i++)
        {
            var row = Vector256.Create(x.Slice((i * c) + tb, TileColumns));
            h0 += Vector256.Create(w[wa + i]) * row;
            h1 += Vector256.Create(w[wa + Block + i]) * row;
            h2 += Vector256.Create(w[wa + (2 * Block) + i]) * row;
            h3 += Vector256.Create(w[wa + (3 * Block) + i]) * row;
            h4 += Vector256.Create(w[wa + (4 * Block) + i]) * row;
            h5 += Vector256.Create(w[wa + (5 * Block) + i]) * row;
            h6 += Vector256.Create(w[wa + (6 * Block) + i]) * row;
            h7 += Vector256.Create(w[wa + (7 * Block) + i]) * row;
        }

        h0.CopyTo(h.Slice((ta * c) + tb, TileColumns));
        h1.CopyTo(h.Slice(((ta + 1) * c) + tb, TileColumns));
        h2.CopyTo(h.Slice(((ta + 2) * c) + tb, TileColumns));
        h3.CopyTo(h.Slice(((ta + 3) * c) + tb, TileColumns));
        h4.CopyTo(h.Slice(((ta + 4) * c) + tb, TileColumns));
        h5.CopyTo(h.Slice(((ta + 5) * c) + tb, TileColumns));
        h6.CopyTo(h.Slice(((ta + 6) * c) + tb, TileColumns));
        h7.CopyTo(h.Slice(((ta + 7) * c) + tb, TileColumns));
    }
}
