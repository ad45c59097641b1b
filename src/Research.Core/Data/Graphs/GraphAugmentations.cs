namespace Research.Core.Data.Graphs;

/// <summary>
/// Rates of the random views used for contrastive pretraining (ile.md 1.3, reconstructed from GraphCL's defaults plus
/// the molecule-specific retypings): each view applies every augmentation with a non-zero rate. NodeDrop removes
/// each node with that probability (keeping at least one); Subgraph keeps a connected part of about (1 − rate) of the
/// nodes grown from a random node; EdgePerturb removes each edge with that probability and adds as many random new
/// edges; NodeRetype and EdgeRetype draw a new label for each node or edge with that probability.
/// </summary>
public sealed record GraphAugmentationOptions(
    double NodeDrop = 0.1,
    double Subgraph = 0.0,
    double EdgePerturb = 0.1,
    double NodeRetype = 0.1,
    double EdgeRetype = 0.1)
{
    public void Validate()
    {
        foreach (var (name, rate) in new[] { (nameof(NodeDrop), NodeDrop), (nameof(Subgraph), Subgraph), (nameof(EdgePerturb), EdgePerturb), (nameof(NodeRetype), NodeRetype), (nameof(EdgeRetype), EdgeRetype) })
            if (rate is < 0 or >= 1 || double.IsNaN(rate)) throw new ArgumentOutOfRangeException(name, $"{name} is {rate}: expected a rate in [0, 1)");
    }
}

/// <summary>Random augmented views of labelled graphs; the views stay inside the padded format (never more nodes).</summary>
public static class GraphAugmentations
{
    public static LabeledGraph View(LabeledGraph graph, GraphAugmentationOptions options, int nodeTypes, int edgeTypes, Random random)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = graph.NodeCount;
        if (n == 0) return graph;
        var keep = Enumerable.Range(0, n).Where(_ => random.NextDouble() >= options.NodeDrop).ToList();
        if (options.Subgraph > 0) keep = keep.Intersect(ConnectedPart(graph, (int)Math.Ceiling(n * (1 - options.Subgraph)), random)).ToList();
        if (keep.Count == 0) keep.Add(random.Next(n));
        var index = new Dictionary<int, int>();
        for (var k = 0; k < keep.Count; k++) index[keep[k]] = k;
        var labels = keep.Select(v => random.NextDouble() < options.NodeRetype ? random.Next(nodeTypes) : graph.NodeLabels[v]).ToArray();
        var edges = new Dictionary<(int, int), int>();
        foreach (var e in graph.Edges)
            if (index.TryGetValue(e.I, out var i) && index.TryGetValue(e.J, out var j) && random.NextDouble() >= options.EdgePerturb)
                edges[(i, j)] = random.NextDouble() < options.EdgeRetype ? random.Next(edgeTypes) : e.Label;
        var removed = graph.Edges.Count(e => index.ContainsKey(e.I) && index.ContainsKey(e.J)) - edges.Count;
        for (var r = 0; r < removed && keep.Count > 1; r++)
        {
            var (a, b) = (random.Next(keep.Count), random.Next(keep.Count));
            if (a != b) edges.TryAdd((Math.Min(a, b), Math.Max(a, b)), random.Next(edgeTypes));
        }
        return new LabeledGraph(labels, edges.Select(e => new GraphEdge(e.Key.Item1, e.Key.Item2, e.Value)));
    }

    private static HashSet<int> ConnectedPart(LabeledGraph graph, int size, Random random)
    {
        var part = new HashSet<int> { random.Next(graph.NodeCount) };
        var frontier = new List<int>(part);
        while (part.Count < size && frontier.Count > 0)
        {
            var v = frontier[random.Next(frontier.Count)];
            var next = Enumerable.Range(0, graph.NodeCount).Where(w => !part.Contains(w) && graph.EdgeLabel(v, w) != LabeledGraph.NoEdge).ToList();
            if (next.Count == 0)
            {
                frontier.Remove(v);
                continue;
            }
            var w = next[random.Next(next.Count)];
            part.Add(w);
            frontier.Add(w);
        }
        return part;
    }
}
