using Forecasting.Core.Hierarchy;

namespace Forecasting.Core.Tests.Hierarchy;

public sealed class MinTraceTests
{
    [Fact]
    public void A_total_and_two_children_with_a_diagonal_covariance_match_the_hand_computed_projection()
    {
        // y^ = (total 10, a 4, b 5), W = diag(1, 1, 2). Constraint a = (1, -1, -1): gap 1, a'Wa = 4, Wa = (1, -1, -2),
        // so y~ = y^ - Wa * 1/4 = (9.75, 4.25, 5.5). The S form gives the same: S'W^-1S = [[2, 1], [1, 1.5]],
        // S'W^-1 y^ = (14, 12.5), bottom = [[0.75, -0.5], [-0.5, 1]] (14, 12.5) = (4.25, 5.5).
        double[,] w = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 2 } };
        var mint = new MinTrace(3, [(0, [1, 2])], (i, j) => w[i, j]);

        var reconciled = mint.Reconcile([10, 4, 5]);

        Assert.Equal(9.75, reconciled[0], 12);
        Assert.Equal(4.25, reconciled[1], 12);
        Assert.Equal(5.5, reconciled[2], 12);
    }

    [Fact]
    public void A_full_covariance_gives_the_same_answer_as_the_summing_matrix_form()
    {
        // Total = a + b with a correlated W; reference: S (S'W^-1 S)^-1 S'W^-1 y^ computed by hand below.
        double[,] w = { { 4, 1, 1.5 }, { 1, 1, 0.2 }, { 1.5, 0.2, 2 } };
        var mint = new MinTrace(3, [(0, [1, 2])], (i, j) => w[i, j]);
        double[] y = [12, 4, 5];

        var reconciled = mint.Reconcile(y);

        var winv = Invert3(w);
        double[,] s = { { 1, 1 }, { 1, 0 }, { 0, 1 } };
        var stws = new double[2, 2];
        var stwy = new double[2];
        for (int a = 0; a < 2; a++)
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    stwy[a] += s[i, a] * winv[i, j] * y[j];
                    for (int b = 0; b < 2; b++)
                    {
                        stws[a, b] += s[i, a] * winv[i, j] * s[j, b];
                    }
                }
            }
        }

        double det = (stws[0, 0] * stws[1, 1]) - (stws[0, 1] * stws[1, 0]);
        double bottomA = ((stws[1, 1] * stwy[0]) - (stws[0, 1] * stwy[1])) / det;
        double bottomB = ((stws[0, 0] * stwy[1]) - (stws[1, 0] * stwy[0])) / det;
        Assert.Equal(bottomA, reconciled[1], 9);
        Assert.Equal(bottomB, reconciled[2], 9);
        Assert.Equal(bottomA + bottomB, reconciled[0], 9);
    }

    private static double[,] Invert3(double[,] m)
    {
        double det = (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1]))) - (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0]))) + (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));
        var inv = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                int r1 = (j + 1) % 3, r2 = (j + 2) % 3, c1 = (i + 1) % 3, c2 = (i + 2) % 3;
                inv[i, j] = ((m[r1, c1] * m[r2, c2]) - (m[r1, c2] * m[r2, c1])) / det;
            }
        }

        return inv;
    }
}
