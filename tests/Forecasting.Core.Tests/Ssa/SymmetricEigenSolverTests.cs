using Forecasting.Core.Ssa;

namespace Forecasting.Core.Tests.Ssa;

public class SymmetricEigenSolverTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(28)]
    [InlineData(57)]
    public void Each_pair_satisfies_A_v_equals_lambda_v_with_orthonormal_vectors_in_descending_order(int n)
    {
        var random = new Random(n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[(i * n) + j] = a[(j * n) + i] = random.NextDouble() - 0.5;
            }
        }

        var values = new double[n];
        var vectors = new double[n * n];
        Assert.True(new SymmetricEigenSolver(60).Decompose(a, n, values, vectors));

        for (int i = 0; i < n; i++)
        {
            var v = vectors.AsSpan(i * n, n);
            for (int r = 0; r < n; r++)
            {
                double av = 0;
                for (int c = 0; c < n; c++)
                {
                    av += a[(r * n) + c] * v[c];
                }

                Assert.Equal(values[i] * v[r], av, 1e-10);
            }

            for (int j = 0; j < n; j++)
            {
                Assert.Equal(i == j ? 1 : 0, Trajectory.Dot(v, vectors.AsSpan(j * n, n)), 1e-10);
            }

            if (i > 0)
            {
                Assert.True(values[i] <= values[i - 1]);
            }
        }
    }

    [Fact]
    public void A_diagonal_matrix_gives_its_diagonal_sorted_and_unit_vectors()
    {
        double[] a = [1, 0, 0, 0, 3, 0, 0, 0, 2];
        var values = new double[3];
        var vectors = new double[9];

        Assert.True(new SymmetricEigenSolver(3).Decompose(a, 3, values, vectors));

        Assert.Equal([3, 2, 1], values);
        Assert.Equal(1, Math.Abs(vectors[1]), 12);
        Assert.Equal(1, Math.Abs(vectors[3 + 2]), 12);
        Assert.Equal(1, Math.Abs(vectors[6 + 0]), 12);
    }
}
