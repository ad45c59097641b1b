using Research.Core.Data.Graphs;
using Research.Core.Engine;
using Research.Core.Losses;
using Research.Core.Models.Graphs;
using TorchSharp;
using static Research.Core.Tests.Ile.GraphTests;
using static TorchSharp.torch;

namespace Research.Core.Tests.Ile;

/// <summary>ile.md 5's invariants 1-4 and 9: ψ, the surrogate loss, NT-Xent, candidate decoding, WL features.</summary>
public sealed class SurrogateLibraryTests
{
    private static readonly SyntheticGraphOptions Small = new(MinNodes: 2, MaxNodes: 7, NodeTypes: 4, EdgeTypes: 3);

    private static DenseGraphEncoder Encoder(int seed = 0)
    {
        manual_seed(seed);
        return new DenseGraphEncoder(new GraphEncoderOptions(NodeTypes: 4, EdgeTypes: 3, Layers: 3, Hidden: 16, Dimension: 8));
    }

    private static List<LabeledGraph> Graphs(int count, int seed) => SyntheticGraphText.Generate(count, seed, Small).Select(e => e.Graph).ToList();

    [Fact]
    public void Psi_is_unit_norm_permutation_invariant_and_blind_to_padding()
    {
        using var scope = NewDisposeScope();
        var encoder = Encoder();
        var graphs = Graphs(30, 1);
        var random = new Random(2);
        var permuted = graphs.Select(g => g.Permuted(Enumerable.Range(0, g.NodeCount).OrderBy(_ => random.Next()).ToArray())).ToList();
        var psi = encoder.Embed(graphs);
        Assert.True(psi.norm(1).sub(ones(30)).abs().max().item<float>() < 1e-5);
        Assert.True(psi.sub(encoder.Embed(permuted)).abs().max().item<float>() < 1e-5);
        using var padded = GraphBatching.Collate(graphs, 4, 3, slots: 12);
        using (no_grad())
            Assert.True(psi.sub(encoder.call(padded.NodeOneHot(), padded.EdgeOneHot())).abs().max().item<float>() < 1e-5);
        // A slot permutation of the dense tensors, padding included: ψ(PF, PEPᵀ) = ψ(F, E).
        var p = tensor(new long[] { 11, 3, 0, 7, 1, 10, 2, 9, 4, 8, 6, 5 });
        var f = padded.NodeOneHot().index_select(1, p);
        var e = padded.EdgeOneHot().index_select(1, p).index_select(2, p);
        using (no_grad())
            Assert.True(psi.sub(encoder.call(f, e)).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Surrogate_loss_is_the_squared_distance_of_unit_vectors()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var a = nn.functional.normalize(randn(50, 6, dtype: ScalarType.Float64), p: 2, dim: 1);
        var b = nn.functional.normalize(randn(50, 6, dtype: ScalarType.Float64), p: 2, dim: 1);
        var loss = SurrogateRegressionLoss.Compute(a, b);
        var distance = a.sub(b);
        Assert.True(loss.sub(distance.mul(distance).sum(1)).abs().max().item<double>() < 1e-12);
        Assert.True(loss.sub(SurrogateRegressionLoss.Compute(b, a)).abs().max().item<double>() < 1e-12);
        Assert.True(loss.min().item<double>() >= 0 && loss.max().item<double>() <= 4);
        Assert.True(SurrogateRegressionLoss.Compute(a, a).abs().max().item<double>() < 1e-12);
        Assert.True(SurrogateRegressionLoss.Compute(a.neg(), a).sub(full_like(loss, 4.0.ToScalar())).abs().max().item<double>() < 1e-12);
        Assert.True(SurrogateRegressionLoss.Compute(a.times(3.0), b).sub(loss).abs().max().item<double>() < 1e-12, "h is normalised first");
        Assert.Contains("psi has shape [50, 5] but h has shape [50, 6]", Assert.Throws<ArgumentException>(() => SurrogateRegressionLoss.Compute(a, b.narrow(1, 0, 5))).Message);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public void NtXent_is_log_of_the_negatives_when_all_views_coincide(bool positiveInDenominator, int lessThanTwoB)
    {
        using var scope = NewDisposeScope();
        const int b = 5;
        var same = ones(b, 4, dtype: ScalarType.Float64);
        var options = new NtXentOptions(Temperature: 0.2, PositiveInDenominator: positiveInDenominator);
        Assert.Equal(Math.Log(2 * b - lessThanTwoB), NtXentLoss.Compute(same, same, options).item<double>(), 10);
        manual_seed(4);
        var z = randn(b, 4, dtype: ScalarType.Float64);
        var noisy = z.plus(randn(b, 4, dtype: ScalarType.Float64));
        var closer = z.plus(randn(b, 4, dtype: ScalarType.Float64).times(0.1));
        var far = NtXentLoss.Compute(z, noisy, options).item<double>();
        var near = NtXentLoss.Compute(z, closer, options).item<double>();
        Assert.True(near < far, $"aligning positives lowers the loss: {near} vs {far}");
        if (positiveInDenominator) Assert.True(near >= 0);
    }

    [Fact]
    public void Candidate_decoding_takes_the_best_score_lowest_index_on_ties_and_ignores_scale()
    {
        using var scope = NewDisposeScope();
        var candidates = tensor(new double[] { 1, 0, 0, 1, 1, 0, -1, 0 }, [4, 2]);
        var h = tensor(new double[] { 1, 0, 0, 2, -3, 0.1, 0.5, 0.5 }, [4, 2]);
        Assert.Equal(new long[] { 0, 1, 3, 0 }, CandidateDecoder.Decode(h, candidates).data<long>().ToArray());   // rows 0 and 3: ties 0 / 2
        Assert.Equal(new long[] { 0, 1, 3, 0 }, CandidateDecoder.Decode(h.times(7.5), candidates).data<long>().ToArray());
        var encoder = Encoder();
        var graphs = Graphs(40, 5);
        var psi = encoder.Embed(graphs);
        var distinct = graphs.Select((g, i) => (g, i)).DistinctBy(x => GraphCanonicalForm.Key(x.g)).Select(x => x.i).ToArray();
        var z = psi.index_select(0, tensor(distinct.Select(i => (long)i).ToArray()));
        Assert.True(z.matmul(z.t()).triu(1).max().item<float>() < 1, "the note's precondition: ψ injective on the candidates");
        Assert.Equal(Enumerable.Range(0, distinct.Length).Select(i => (long)i), CandidateDecoder.Decode(z, z).data<long>().ToArray());
    }

    [Fact]
    public void WL_features_are_unit_and_equal_on_isomorphic_graphs()
    {
        using var scope = NewDisposeScope();
        var random = new Random(6);
        var graphs = Graphs(50, 7);
        var permuted = graphs.Select(g => g.Permuted(Enumerable.Range(0, g.NodeCount).OrderBy(_ => random.Next()).ToArray())).ToList();
        foreach (var wl in new[] { new WeisfeilerLehmanFeatures(), new WeisfeilerLehmanFeatures(2, 64, edgeLabels: false) })
        {
            var phi = wl.Embed(graphs);
            Assert.True(phi.norm(1).sub(ones(50)).abs().max().item<float>() < 1e-5);
            Assert.True(phi.sub(wl.Embed(permuted)).abs().max().item<float>() == 0);
        }
        var (single, twice) = (G([0, 0], (0, 1, 0)), G([0, 0], (0, 1, 1)));
        var with = new WeisfeilerLehmanFeatures().Embed([single, twice]);
        Assert.True(with[0].dot(with[1]).item<float>() < 0.99, "edge labels tell C-C from C=C");
        var without = new WeisfeilerLehmanFeatures(edgeLabels: false).Embed([single, twice]);
        Assert.Equal(1.0f, without[0].dot(without[1]).item<float>(), 5);
    }

    [Fact]
    public void Augmented_views_stay_in_the_format()
    {
        var random = new Random(8);
        var options = new GraphAugmentationOptions(NodeDrop: 0.2, Subgraph: 0.2, EdgePerturb: 0.2, NodeRetype: 0.2, EdgeRetype: 0.2);
        var changed = 0;
        foreach (var g in Graphs(200, 9))
        {
            var view = GraphAugmentations.View(g, options, 4, 3, random);
            Assert.InRange(view.NodeCount, 1, g.NodeCount);
            Assert.All(view.NodeLabels, l => Assert.InRange(l, 0, 3));
            Assert.All(view.Edges, e => Assert.InRange(e.Label, 0, 2));
            if (!GraphCanonicalForm.AreIsomorphic(view, g)) changed++;
        }
        Assert.InRange(changed, 150, 200);
        Assert.Equal(Graphs(5, 9)[0], GraphAugmentations.View(Graphs(5, 9)[0], new GraphAugmentationOptions(0, 0, 0, 0, 0), 4, 3, random));
    }

    [Fact]
    public void Gradients_of_the_relaxed_surrogate_and_the_losses_match_finite_differences()
    {
        using var scope = NewDisposeScope();
        var encoder = Encoder(10);
        encoder.to(ScalarType.Float64);
        encoder.eval();
        var decoder = new ProjectedGradientDecoder(encoder);
        manual_seed(11);
        using var batch = GraphBatching.Collate(Graphs(3, 12), 4, 3, slots: 7);
        var (f0, e0) = RelaxedGraphProjection.Project(
            batch.NodeOneHot(ScalarType.Float64).plus(rand(3, 7, 5, dtype: ScalarType.Float64)),
            batch.EdgeOneHot(ScalarType.Float64).plus(rand(3, 7, 7, 4, dtype: ScalarType.Float64)));
        var h = nn.functional.normalize(randn(3, 8, dtype: ScalarType.Float64), p: 2, dim: 1);
        var relaxed = GradCheck.Run(x => decoder.Objective(h, x[0], x[1]), [f0, e0]);
        Assert.True(relaxed.Passed, relaxed.ToString());
        var a = randn(4, 8, dtype: ScalarType.Float64);
        var b = randn(4, 8, dtype: ScalarType.Float64);
        var ntxent = GradCheck.Run(x => NtXentLoss.Compute(x[0], x[1], new NtXentOptions(0.5, PositiveInDenominator: false)), [a, b]);
        Assert.True(ntxent.Passed, ntxent.ToString());
        var surrogate = GradCheck.Run(x => SurrogateRegressionLoss.Compute(x[0], h.narrow(0, 0, 3).narrow(1, 0, 8)), [a.narrow(0, 0, 3)]);
        Assert.True(surrogate.Passed, surrogate.ToString());
    }
}
