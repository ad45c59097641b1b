namespace Research.Core.Engine;

/// <summary>
/// The minimum-cost perfect matching of a square cost matrix (the linear assignment problem), by the Hungarian
/// method with potentials in O(n³) (Kuhn–Munkres as in Jonker–Volgenant's shortest augmenting paths).
/// </summary>
public static class LinearAssignment
{
    /// <summary>For each row i the column σ(i) such that Σ cost[i, σ(i)] is least. Costs must be finite.</summary>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var n = cost.GetLength(0);
        if (cost.GetLength(1) != n)
            throw new ArgumentException($"LinearAssignment: the cost matrix is {n} × {cost.GetLength(1)}: expected a square matrix", nameof(cost));
        foreach (var c in cost)
            if (!double.IsFinite(c)) throw new ArgumentException($"LinearAssignment: a cost is {c}: expected finite costs", nameof(cost));
        // 1-based arrays with a virtual column 0 (the textbook formulation): u, v potentials; match[j] = row of column j.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var match = new int[n + 1];
        var way = new int[n + 1];
        for (var i = 1; i <= n; i++)
        {
            match[0] = i;
            var j0 = 0;
            var minimum = Enumerable.Repeat(double.PositiveInfinity, n + 1).ToArray();
            var used = new bool[n + 1];
            do
            {
                used[j0] = true;
                var (i0, delta, j1) = (match[j0], double.PositiveInfinity, 0);
                for (var j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    var reduced = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (reduced < minimum[j]) (minimum[j], way[j]) = (reduced, j0);
                    if (minimum[j] < delta) (delta, j1) = (minimum[j], j);
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j]) { u[match[j]] += delta; v[j] -= delta; }
                    else minimum[j] -= delta;
                }
                j0 = j1;
            } while (match[j0] != 0);
            do
            {
                var j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var assignment = new int[n];
        for (var j = 1; j <= n; j++) assignment[match[j] - 1] = j - 1;
        return assignment;
    }
}
