using Research.Core.Data.Graphs;
using Research.Core.Engine;
using Research.Core.Models.Graphs;
using static TorchSharp.torch;

namespace Research.Core.Tests.Ile;

/// <summary>ile.md 5's invariants 5 and 6: the projection Π, ROUND, and monotone projected-gradient decoding.</summary>
public sealed class ProjectedGradientDecodingTests
{
    private static (Tensor F, Tensor E) RandomRelaxed(int seed, int b = 6, int m = 5)
    {
        manual_seed(seed);
        return (randn(b, m, 5, dtype: ScalarType.Float64).times(2.0), randn(b, m, m, 4, dtype: ScalarType.Float64).times(2.0));
    }

    /// <summary>An untrained encoder, the embeddings h of <paramref name="count"/> synthetic target graphs and as many
    /// other synthetic graphs to start decoding from.</summary>
    private static (DenseGraphEncoder Encoder, Tensor H, List<LabeledGraph> Starts) UntrainedDecodingTask(int seed, int count, int targetSeed, int startSeed)
    {
        manual_seed(seed);
        var encoder = new DenseGraphEncoder(new GraphEncoderOptions(NodeTypes: 4, EdgeTypes: 3, Hidden: 16, Dimension: 8));
        var options = new SyntheticGraphOptions(MinNodes: 3, MaxNodes: 6);
        var targets = SyntheticGraphText.Generate(count, targetSeed, options).Select(x => x.Graph).ToList();
        var starts = SyntheticGraphText.Generate(count, startSeed, options).Select(x => x.Graph).ToList();
        return (encoder, encoder.Embed(targets), starts);
    }

    private static double MaxAbs(Tensor x) => x.abs().max().item<double>();

    private static void AssertFeasible(Tensor f, Tensor e)
    {
        Assert.True(f.min().item<double>() >= 0 && e.min().item<double>() >= 0);
        Assert.True(MaxAbs(f.sum(-1).plus(-1.0)) < 1e-12 && MaxAbs(e.sum(-1).plus(-1.0)) < 1e-12);
        Assert.True(MaxAbs(e.sub(e.transpose(1, 2))) == 0);
        var diagonal = e.diagonal(0, 1, 2);                                              // [B, T+1, M]
        Assert.True(MaxAbs(diagonal.select(1, 3).plus(-1.0)) == 0, "no edge on the diagonal");
    }

    [Fact]
    public void Projection_is_feasible_idempotent_and_fixes_feasible_points()
    {
        using var scope = NewDisposeScope();
        var (f, e) = RandomRelaxed(1);
        var (pf, pe) = RelaxedGraphProjection.Project(f, e);
        AssertFeasible(pf, pe);
        var (ppf, ppe) = RelaxedGraphProjection.Project(pf, pe);
        Assert.True(MaxAbs(ppf.sub(pf)) < 1e-12 && MaxAbs(ppe.sub(pe)) < 1e-12);
        // The simplex projection by hand: (0.5, 0.8, -1) → (0.35, 0.65, 0).
        var row = RelaxedGraphProjection.ProjectOntoSimplex(tensor(new[] { 0.5, 0.8, -1.0 }));
        Assert.Equal(new[] { 0.35, 0.65, 0.0 }, row.data<double>().ToArray().Select(x => Math.Round(x, 12)));
    }

    private static Tensor SquaredDistance(Tensor a, Tensor b)
    {
        var d = a.sub(b).flatten(1);
        return d.mul(d).sum(1);
    }

    [Fact]
    public void Projection_is_non_expansive()
    {
        using var scope = NewDisposeScope();
        for (var seed = 0; seed < 20; seed++)
        {
            var (f1, e1) = RandomRelaxed(100 + seed);
            var (f2, e2) = RandomRelaxed(200 + seed);
            var (p1, q1) = RelaxedGraphProjection.Project(f1, e1);
            var (p2, q2) = RelaxedGraphProjection.Project(f2, e2);
            // Per graph: ‖Π(x) − Π(y)‖ ≤ ‖x − y‖ on the constrained coordinates.
            var before = SquaredDistance(f1, f2).plus(SquaredDistance(e1, e2));
            var after = SquaredDistance(p1, p2).plus(SquaredDistance(q1, q2));
            Assert.True(after.le(before.plus(1e-12)).all().item<bool>());
        }
    }

    [Fact]
    public void Round_is_the_identity_on_one_hot_graphs()
    {
        using var scope = NewDisposeScope();
        var graphs = SyntheticGraphText.Generate(20, 3, new SyntheticGraphOptions(MinNodes: 1, MaxNodes: 7)).Select(x => x.Graph).ToList();
        using var batch = GraphBatching.Collate(graphs, 4, 3, slots: 8);
        var (nodes, edges) = RelaxedGraphProjection.Round(batch.NodeOneHot(ScalarType.Float64), batch.EdgeOneHot(ScalarType.Float64));
        Assert.True(nodes.eq(batch.Nodes).all().item<bool>());
        Assert.True(edges.eq(batch.Edges).all().item<bool>());
        var (pf, pe) = RelaxedGraphProjection.Project(batch.NodeOneHot(ScalarType.Float64), batch.EdgeOneHot(ScalarType.Float64));
        var (n2, e2) = RelaxedGraphProjection.Round(pf, pe);
        Assert.Equal(graphs, GraphBatching.Decode(n2, e2, 4, 3));
        // Ties between a bond and "no edge" go to "no edge".
        var tied = zeros(1, 2, 2, 4, dtype: ScalarType.Float64);
        tied[0, 0, 1, 0] = tensor(0.5);
        tied[0, 0, 1, 3] = tensor(0.5);
        tied[0, 1, 0] = tied[0, 0, 1];
        var (_, tiedEdges) = RelaxedGraphProjection.Round(zeros(1, 2, 5, dtype: ScalarType.Float64), tied);
        Assert.Equal(3L, tiedEdges[0, 0, 1].item<long>());
    }

    [Fact]
    public void Decoding_never_increases_the_relaxed_objective_and_can_leave_the_candidates()
    {
        using var scope = NewDisposeScope();
        var (encoder, h, starts) = UntrainedDecodingTask(seed: 5, count: 16, targetSeed: 6, startSeed: 7);
        // η₀ = 20: with this untrained encoder, steps from η₀ = 1 (ile.md's default) moved the relaxed graphs too little
        // to change any rounding (measured).
        var decoder = new ProjectedGradientDecoder(encoder, new PgdOptions(Iterations: 30, Step: 20, Fallback: false));
        var result = decoder.Decode(h, starts, slots: 6);
        foreach (var trace in result.Trace)
        {
            Assert.Equal(31, trace.Length);
            for (var t = 1; t < trace.Length; t++) Assert.True(trace[t] <= trace[t - 1], $"g rose from {trace[t - 1]} to {trace[t]}");
        }
        Assert.True(result.RelaxedObjective.Zip(result.InitialObjective).All(p => p.First <= p.Second));
        Assert.True(result.RelaxedObjective.Average() < 0.9 * result.InitialObjective.Average(), "the relaxed objective falls");
        Assert.Contains(result.Graphs.Zip(starts), p => !GraphCanonicalForm.AreIsomorphic(p.First, p.Second));
        var withFallback = new ProjectedGradientDecoder(encoder, new PgdOptions(Iterations: 30, Step: 20)).Decode(h, starts, slots: 6);
        for (var i = 0; i < starts.Count; i++)
        {
            Assert.Equal(withFallback.RoundedObjective[i] > withFallback.InitialObjective[i], withFallback.FellBack[i]);
            if (withFallback.FellBack[i]) Assert.Equal(starts[i], withFallback.Graphs[i]);
        }
    }

    [Fact]
    public void Decoding_in_parallel_chunks_equals_decoding_the_chunks_one_after_another()
    {
        using var scope = NewDisposeScope();
        var (encoder, h, starts) = UntrainedDecodingTask(seed: 6, count: 13, targetSeed: 8, startSeed: 9);
        var decoder = new ProjectedGradientDecoder(encoder, new PgdOptions(Iterations: 10, Step: 20));
        encoder.train();

        var parallel = decoder.DecodeInChunks(h, starts, slots: 6, chunk: 5, threads: 2);
        var one = decoder.Decode(h.narrow(0, 0, 5), starts.GetRange(0, 5), 6);
        var two = decoder.Decode(h.narrow(0, 5, 5), starts.GetRange(5, 5), 6);
        var three = decoder.Decode(h.narrow(0, 10, 3), starts.GetRange(10, 3), 6);
        PgdResult[] sequential = [one, two, three];
        Assert.Equal(sequential.SelectMany(r => r.Graphs), parallel.Graphs);
        Assert.Equal(sequential.SelectMany(r => r.InitialObjective), parallel.InitialObjective);
        Assert.Equal(sequential.SelectMany(r => r.RelaxedObjective), parallel.RelaxedObjective);
        Assert.Equal(sequential.SelectMany(r => r.RoundedObjective), parallel.RoundedObjective);
        Assert.Equal(sequential.SelectMany(r => r.FellBack), parallel.FellBack);
        Assert.Equal(sequential.SelectMany(r => r.Trace), parallel.Trace);
        Assert.True(encoder.training, "the encoder's mode is restored");
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.DecodeInChunks(h, starts, 6, chunk: 0));
        Assert.Throws<ArgumentException>(() => decoder.DecodeInChunks(h, starts.GetRange(0, 4), 6));
    }
}
