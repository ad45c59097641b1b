using Research.Core.Data.Graphs;
using Research.Core.Losses;
using Research.Core.Models.Graphs;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>Two augmented views of the same graphs, row i of each being a positive pair (ile.md 1.3).</summary>
public sealed class GraphViewPair(GraphBatch first, GraphBatch second) : IDisposable
{
    public GraphBatch First { get; } = first;
    public GraphBatch Second { get; } = second;

    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
    }
}

/// <summary>
/// Batches of view pairs of the training output graphs for contrastive pretraining: each epoch shuffles the graphs and
/// draws fresh views with a random generator seeded by (seed, epoch), so a resumed run sees the same batches. Views
/// are padded to <c>slots</c> node slots; a last batch of one graph is dropped (NT-Xent needs B ≥ 2).
/// </summary>
public sealed class GraphViewSource(
    IReadOnlyList<LabeledGraph> graphs, int batchSize, GraphAugmentationOptions augmentations,
    int nodeTypes, int edgeTypes, int slots, int seed, Device? device = null) : IBatchSource<GraphViewPair>
{
    public int BatchCount { get; } = graphs.Count / batchSize + (graphs.Count % batchSize >= 2 ? 1 : 0);

    public IEnumerable<GraphViewPair> Batches(int epoch)
    {
        var random = new Random(unchecked(seed * 1_000_003 + epoch));
        var order = Data.SeededPermutation.Of(graphs.Count, random);
        for (var start = 0; start + 2 <= graphs.Count; start += batchSize)
        {
            var chunk = order.Skip(start).Take(batchSize).Select(i => graphs[i]).ToList();
            if (chunk.Count < 2) yield break;
            var first = chunk.Select(g => GraphAugmentations.View(g, augmentations, nodeTypes, edgeTypes, random)).ToList();
            var second = chunk.Select(g => GraphAugmentations.View(g, augmentations, nodeTypes, edgeTypes, random)).ToList();
            yield return new GraphViewPair(
                GraphBatching.Collate(first, nodeTypes, edgeTypes, slots, device),
                GraphBatching.Collate(second, nodeTypes, edgeTypes, slots, device));
        }
    }
}

/// <summary>Contrastive pretraining of ψθ on view pairs with NT-Xent (ile.md 1.3); the sums count graphs.</summary>
public sealed class ContrastiveGraphObjective(DenseGraphEncoder encoder, NtXentOptions options) : IObjective<GraphViewPair>
{
    private readonly DenseGraphEncoder encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));

    public ObjectiveOutput Compute(GraphViewPair batch)
    {
        var z1 = encoder.call(batch.First.NodeOneHot(), batch.First.EdgeOneHot());    // [B, p]
        var z2 = encoder.call(batch.Second.NodeOneHot(), batch.Second.EdgeOneHot());  // [B, p]
        var loss = NtXentLoss.Compute(z1, z2, options);
        var count = batch.First.Count;
        var value = loss.detach().to(ScalarType.Float64).item<double>() * count;
        return new ObjectiveOutput(loss, new LossSums(value, count, 0, new Dictionary<string, double> { ["nt_xent"] = value }));
    }
}
