using Research.Core.Engine;

namespace Research.Core.Tests.Engine;

/// <summary>The Hungarian solver against brute force over every permutation.</summary>
public sealed class LinearAssignmentTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(5, 4)]
    [InlineData(7, 5)]
    public void The_assignment_is_a_permutation_of_least_total_cost(int n, int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 20; trial++)
        {
            var cost = new double[n, n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++) cost[i, j] = trial % 2 == 0 ? random.NextDouble() * 10 - 3 : random.Next(4);   // ties too
            var assignment = LinearAssignment.Solve(cost);
            Assert.Equal(Enumerable.Range(0, n), assignment.Order());
            var best = Permutations(Enumerable.Range(0, n).ToArray()).Min(p => Total(cost, p));
            Assert.Equal(best, Total(cost, assignment), 9);
        }
    }

    [Fact]
    public void Bad_matrices_are_refused_with_the_reason()
    {
        Assert.Contains("expected a square matrix", Assert.Throws<ArgumentException>(() => LinearAssignment.Solve(new double[2, 3])).Message);
        Assert.Contains("expected finite costs", Assert.Throws<ArgumentException>(() => LinearAssignment.Solve(new[,] { { 0, double.NaN }, { 1, 2 } })).Message);
        Assert.Empty(LinearAssignment.Solve(new double[0, 0]));
    }

    private static double Total(double[,] cost, int[] p) => p.Select((j, i) => cost[i, j]).Sum();

    private static IEnumerable<int[]> Permutations(int[] items) =>
        items.Length <= 1 ? [items]
            : items.SelectMany((x, i) => Permutations(items.Where((_, k) => k != i).ToArray()).Select(rest => rest.Prepend(x).ToArray()));
}
