using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Dist2;

/// <summary>Invariants 1-5 and 13 of dist2loss.md §5 (the target q), and entropy matching.</summary>
public sealed class Dist2TargetTests
{
    private static Tensor Q(MetricVocabulary vocabulary, long y, double tau) =>
        Dist2Targets.LogTarget(vocabulary, tensor(new[] { y }), tau, float64).exp()[0];

    public static TheoryData<double> Taus() => new(0.25, 1.0, 2.0, 8.0);

    [Theory]
    [MemberData(nameof(Taus))]
    public void The_target_is_a_distribution_over_the_sub_vocabulary(double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = MetricVocabulary.Integers(firstId: 3, count: 10);
        var q = Dist2Targets.LogTarget(digits, arange(10, int64), tau, float64).exp();   // [10, 10]
        Assert.True(q.ge(0).all().item<bool>());
        Assert.True((q.sum(1) - 1).abs().max().item<double>() <= 1e-12);
    }

    [Fact]
    public void Golden_values_pin_the_temperature_convention()
    {
        using var scope = NewDisposeScope();
        using var digits = MetricVocabulary.Integers(0, 10);
        // The note's six decimals, to within their last digit.
        Assert.InRange(Q(digits, 5, 1).data<double>()[5], 0.564131 - 1e-6, 0.564131 + 1e-6);
        var q2 = Q(digits, 5, 2).data<double>().ToArray();
        Assert.InRange(q2[5], 0.398942 - 1e-6, 0.398942 + 1e-6);   // τ = 2 with d = Δ² is a unit-variance Gaussian: 1/√(2π)
        Assert.InRange(q2[4], 0.241971 - 1e-6, 0.241971 + 1e-6);
        Assert.Equal(q2[4], q2[6]);
    }

    [Fact]
    public void A_tiny_temperature_gives_one_hot_without_nan()
    {
        using var scope = NewDisposeScope();
        using var digits = MetricVocabulary.Integers(0, 10);
        var q = Q(digits, 7, 0.01).data<double>().ToArray();
        Assert.Equal(1.0, q[7]);
        Assert.All(q.Where((_, k) => k != 7), x => Assert.InRange(x, 0.0, 1e-43));   // e^−100 at distance 1
        var logq = Dist2Targets.LogTarget(digits, tensor(new long[] { 0, 9 }), 1e-6, float64);
        Assert.False(logq.isnan().any().item<bool>());
        Assert.Equal(0.0, logq[0, 0].item<double>());
    }

    [Fact]
    public void A_large_temperature_tends_to_uniform_and_entropy_rises_strictly_with_tau()
    {
        using var scope = NewDisposeScope();
        using var digits = MetricVocabulary.Integers(0, 10);
        Assert.True((Q(digits, 2, 1e8) - 0.1).abs().max().item<double>() < 1e-7);
        var taus = new[] { 0.05, 0.1, 0.5, 1, 2, 4, 8, 32, 128 };
        var entropies = taus.Select(t => Dist2Targets.MeanEntropy(digits, t)).ToArray();
        for (var i = 1; i < entropies.Length; i++) Assert.True(entropies[i] > entropies[i - 1], $"H(τ={taus[i]}) = {entropies[i]} <= H(τ={taus[i - 1]}) = {entropies[i - 1]}");
        Assert.True(entropies[^1] < Math.Log(10));
    }

    [Theory]
    [MemberData(nameof(Taus))]
    public void The_target_decreases_with_distance_and_is_symmetric(double tau)
    {
        using var scope = NewDisposeScope();
        using var numbers = MetricVocabulary.Integers(0, 100);
        var q = Q(numbers, 40, tau).data<double>().ToArray();
        for (var k = 1; k <= 40; k++)
        {
            Assert.True(q[40 + k] == q[40 - k], $"q(40+{k}) = {q[40 + k]} but q(40-{k}) = {q[40 - k]}");
            if (q[40 + k - 1] > 0) Assert.True(q[40 + k] < q[40 + k - 1], $"q(40+{k}) = {q[40 + k]} is not below q(40+{k - 1})");
        }
    }

    [Fact]
    public void Two_dimensional_points_use_the_squared_euclidean_distance()
    {
        using var scope = NewDisposeScope();
        var points = new double[9, 2];
        for (var k = 0; k < 9; k++) (points[k, 0], points[k, 1]) = (k % 3, k / 3);
        using var cells = MetricVocabulary.Points(Enumerable.Range(0, 9).Select(k => (long)k).ToArray(), points);
        var d = cells.Distances(tensor(new long[] { 4 }), float64)[0].data<double>().ToArray();   // the centre
        Assert.Equal(new double[] { 2, 1, 2, 1, 0, 1, 2, 1, 2 }, d);
    }

    [Fact]
    public void Embedding_distances_are_the_mean_squared_error_and_one_minus_cosine()
    {
        using var scope = NewDisposeScope();
        var e = tensor(new double[] { 1, 0, 0, 0, 0, 2, 0, 0, 3, 4, 0, 0 }, [3, 4], float64);
        using var mse = MetricVocabulary.Embeddings([7, 8, 9], e, MetricDistance.MeanSquaredError);
        using var cosine = MetricVocabulary.Embeddings([7, 8, 9], e, MetricDistance.Cosine);
        Assert.Equal(new[] { 0.0, 5 / 4.0, (4 + 16) / 4.0 }, mse.Distances(tensor(new long[] { 0 }), float64)[0].data<double>().ToArray());
        var c = cosine.Distances(tensor(new long[] { 0 }), float64)[0].data<double>().ToArray();
        Assert.Equal(0, c[0], 12);
        Assert.Equal(1, c[1], 12);
        Assert.Equal(1 - 3 / 5.0, c[2], 12);
    }

    [Fact]
    public void A_random_metric_keeps_a_distribution_but_breaks_the_original_order()
    {
        using var scope = NewDisposeScope();
        using var digits = MetricVocabulary.Integers(0, 10);
        using var random = digits.Permuted(seed: 3);
        var q = Dist2Targets.LogTarget(random, arange(10, int64), 2, float64).exp();
        Assert.True((q.sum(1) - 1).abs().max().item<double>() <= 1e-12);
        Assert.Equal(1.0, Q(random, 5, 0.01).data<double>()[5]);
        Assert.True((Q(random, 5, 1e8) - 0.1).abs().max().item<double>() < 1e-7);
        var broken = Enumerable.Range(0, 10).Any(y =>
        {
            var row = Q(random, y, 2).data<double>().ToArray();
            return Enumerable.Range(0, 10).Any(a => Enumerable.Range(0, 10).Any(b => Math.Abs(a - y) < Math.Abs(b - y) && row[a] <= row[b]));
        });
        Assert.True(broken, "the permuted metric still ranks every token by its distance in the original order");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void Entropy_matching_finds_the_temperature_of_a_target_entropy(double tau)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var codebook = MetricVocabulary.Embeddings(Enumerable.Range(0, 64).Select(k => (long)k).ToArray(), randn(64, 8, float64), MetricDistance.MeanSquaredError);
        var target = Dist2Targets.MeanEntropy(codebook, tau);
        var found = Dist2Targets.MatchTemperature(codebook, target, tolerance: 1e-9);
        Assert.Equal(target, Dist2Targets.MeanEntropy(codebook, found), 8);
        Assert.Equal(tau, found, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => Dist2Targets.MatchTemperature(codebook, Math.Log(64) + 0.1));
    }
}
