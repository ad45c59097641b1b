using Research.Core.Data.Graphs;
using Research.Core.Engine;
using static TorchSharp.torch;

namespace Research.Core.Models.Graphs;

/// <summary>
/// Options of <see cref="ProjectedGradientDecoder"/>, all reconstructed (ile.md 1.6): T iterations, the first step
/// η₀ halved until g does not increase (down to <c>MinStep</c>), and whether a rounded graph that scores worse than
/// the warm-start candidate falls back to it.
/// </summary>
public sealed record PgdOptions(int Iterations = 50, double Step = 1.0, double MinStep = 1e-4, bool Fallback = true)
{
    public void Validate()
    {
        if (Iterations < 0) throw new ArgumentOutOfRangeException(nameof(Iterations), $"Iterations is {Iterations}: expected >= 0");
        if (!(Step > 0) || !(MinStep > 0) || MinStep > Step)
            throw new ArgumentOutOfRangeException(nameof(Step), $"Step is {Step} and MinStep {MinStep}: expected 0 < MinStep <= Step");
    }
}

/// <summary>What PGD decoding did per graph: the relaxed objective before and after, the rounded graph's, and whether the candidate was kept.</summary>
public sealed record PgdResult(
    IReadOnlyList<LabeledGraph> Graphs,
    IReadOnlyList<double> InitialObjective,
    IReadOnlyList<double> RelaxedObjective,
    IReadOnlyList<double> RoundedObjective,
    IReadOnlyList<bool> FellBack,
    IReadOnlyList<double[]> Trace);

/// <summary>
/// Projected-gradient decoding (ile.md 1.6, the paper's "decoding strategy based on gradient descent", reconstructed):
/// minimise g(F, E) = ‖h − ψθ(F, E)‖² over relaxed graphs, from the candidate's one-hot graph, by steps
/// (F, E) ← Π((F, E) − η∇g) with η halved until g does not increase (so g is monotone per graph), then ROUND, and
/// fall back to the candidate when the rounded graph scores worse. The encoder stays frozen; graphs run in a batch,
/// each with its own step size.
/// </summary>
public sealed class ProjectedGradientDecoder(DenseGraphEncoder encoder, PgdOptions? options = null)
{
    private readonly DenseGraphEncoder encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
    public PgdOptions Options { get; } = options ?? new PgdOptions();

    /// <summary>g(F, E) = ‖h − ψ(F, E)‖² per graph, [B].</summary>
    public Tensor Objective(Tensor h, Tensor nodes, Tensor edges)
    {
        var difference = h.sub(encoder.call(nodes, edges));
        return difference.mul(difference).sum(1);
    }

    /// <summary>Decodes each row of <paramref name="h"/> [N, p] from the warm start <paramref name="candidates"/>[i], with <paramref name="slots"/> node slots.</summary>
    public PgdResult Decode(Tensor h, IReadOnlyList<LabeledGraph> candidates, int slots)
    {
        Options.Validate();
        if (h.dim() != 2 || h.shape[0] != candidates.Count || h.shape[1] != encoder.Dimension)
            throw new ArgumentException($"h has shape [{string.Join(", ", h.shape)}]: expected [{candidates.Count}, {encoder.Dimension}] (one row per candidate)", nameof(h));
        var wasTraining = encoder.training;
        encoder.eval();
        try
        {
            using var scope = NewDisposeScope();
            var (k, t) = (encoder.Options.NodeTypes, encoder.Options.EdgeTypes);
            var target = nn.functional.normalize(h.detach(), p: 2, dim: 1);
            using var start = GraphBatching.Collate(candidates, k, t, slots, h.device);
            var (nodes, edges) = RelaxedGraphProjection.Project(start.NodeOneHot(h.dtype), start.EdgeOneHot(h.dtype));
            Tensor g;
            using (no_grad()) g = Objective(target, nodes, edges);
            var initial = Values(g);
            var trace = initial.Select(v => new List<double> { v }).ToArray();
            for (var it = 0; it < Options.Iterations; it++)
            {
                using var step = NewDisposeScope();
                var (f, e) = (nodes.detach().requires_grad_(), edges.detach().requires_grad_());
                var grads = autograd.grad([Objective(target, f, e).sum()], [f, e]);
                using var noGrad = no_grad();
                var eta = ones_like(g).times(Options.Step);                       // [B]
                var accepted = zeros_like(g, dtype: ScalarType.Bool);
                var (nextNodes, nextEdges, nextG) = (nodes, edges, g);
                for (var halvings = 0; ; halvings++)
                {
                    var (fc, ec) = RelaxedGraphProjection.Project(
                        nodes.sub(grads[0].mul(eta.reshape(-1, 1, 1))), edges.sub(grads[1].mul(eta.reshape(-1, 1, 1, 1))));
                    var gc = Objective(target, fc, ec);
                    var take = gc.le(g).logical_and(accepted.logical_not());
                    nextNodes = where(take.reshape(-1, 1, 1), fc, nextNodes);
                    nextEdges = where(take.reshape(-1, 1, 1, 1), ec, nextEdges);
                    nextG = where(take, gc, nextG);
                    accepted = accepted.logical_or(take);
                    if (accepted.all().item<bool>() || Options.Step * Math.Pow(0.5, halvings + 1) < Options.MinStep) break;
                    eta = where(accepted, eta, eta.times(0.5));
                }
                (nodes, edges, g) = (nextNodes.MoveToOuterDisposeScope(), nextEdges.MoveToOuterDisposeScope(), nextG.MoveToOuterDisposeScope());
                var values = Values(g);
                for (var i = 0; i < candidates.Count; i++) trace[i].Add(values[i]);
            }
            var relaxed = Values(g);
            var (roundNodes, roundEdges) = RelaxedGraphProjection.Round(nodes, edges);
            var rounded = GraphBatching.Decode(roundNodes, roundEdges, k, t);
            double[] roundedG;
            using (no_grad())
            using (var back = GraphBatching.Collate(rounded.Select(r => r.NodeCount == 0 ? candidates[0] : r).ToList(), k, t, slots, h.device))
                roundedG = Values(Objective(target, back.NodeOneHot(h.dtype), back.EdgeOneHot(h.dtype)));
            var fellBack = new bool[candidates.Count];
            var graphs = new LabeledGraph[candidates.Count];
            for (var i = 0; i < candidates.Count; i++)
            {
                if (rounded[i].NodeCount == 0) roundedG[i] = double.PositiveInfinity;   // an empty graph is never a molecule
                fellBack[i] = Options.Fallback && roundedG[i] > initial[i];
                graphs[i] = fellBack[i] ? candidates[i] : rounded[i];
            }
            return new PgdResult(graphs, initial, relaxed, roundedG, fellBack, trace.Select(x => x.ToArray()).ToArray());
        }
        finally
        {
            encoder.train(wasTraining);
        }
    }

    /// <summary>
    /// Decodes in chunks of <paramref name="chunk"/> rows, up to <paramref name="threads"/> chunks at a time (default: one
    /// per core), and joins the results in order. A graph's result depends only on its own row and its chunk, so this
    /// equals decoding the same chunks one after another. The encoder is put in eval mode once, here: Decode's own
    /// switch would race between threads.
    /// </summary>
    public PgdResult DecodeInChunks(Tensor h, IReadOnlyList<LabeledGraph> candidates, int slots, int chunk = 64, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(candidates);
        if (chunk < 1) throw new ArgumentOutOfRangeException(nameof(chunk), $"chunk is {chunk}: expected >= 1");
        if (threads is < 1) throw new ArgumentOutOfRangeException(nameof(threads), $"threads is {threads}: expected >= 1");
        if (h.dim() != 2 || h.shape[0] != candidates.Count)
            throw new ArgumentException($"h has shape [{string.Join(", ", h.shape)}]: expected [{candidates.Count}, p] (one row per candidate)", nameof(h));
        var wasTraining = encoder.training;
        encoder.eval();
        try
        {
            var parts = new PgdResult[(candidates.Count + chunk - 1) / chunk];
            Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount }, c =>
            {
                var start = c * chunk;
                var count = Math.Min(chunk, candidates.Count - start);
                using var rows = h.narrow(0, start, count);
                parts[c] = Decode(rows, candidates.Skip(start).Take(count).ToList(), slots);
            });
            return new PgdResult(
                [.. parts.SelectMany(p => p.Graphs)], [.. parts.SelectMany(p => p.InitialObjective)], [.. parts.SelectMany(p => p.RelaxedObjective)],
                [.. parts.SelectMany(p => p.RoundedObjective)], [.. parts.SelectMany(p => p.FellBack)], [.. parts.SelectMany(p => p.Trace)]);
        }
        finally
        {
            encoder.train(wasTraining);
        }
    }

    private static double[] Values(Tensor x) => x.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
}
