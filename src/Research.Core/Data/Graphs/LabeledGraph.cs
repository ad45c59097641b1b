namespace Research.Core.Data.Graphs;

/// <summary>An undirected edge i &lt; j with its label (a bond type for molecules).</summary>
public readonly record struct GraphEdge(int I, int J, int Label);

/// <summary>
/// A small undirected graph with a label on every node (an atom type) and on every edge (a bond type), no self
/// loops and at most one edge per pair. Labels are non-negative integers; <see cref="NoEdge"/> (-1) marks an absent
/// edge in <see cref="EdgeLabel"/>. Immutable; equality is structural under this node order (use
/// <see cref="GraphCanonicalForm"/> for equality up to isomorphism).
/// </summary>
public sealed class LabeledGraph : IEquatable<LabeledGraph>
{
    public const int NoEdge = -1;

    private readonly int[] nodeLabels;
    private readonly int[] adjacency;   // [n * n], symmetric, NoEdge where there is no edge

    public LabeledGraph(IReadOnlyList<int> nodeLabels, IEnumerable<GraphEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(nodeLabels);
        ArgumentNullException.ThrowIfNull(edges);
        this.nodeLabels = nodeLabels.ToArray();
        var n = this.nodeLabels.Length;
        for (var i = 0; i < n; i++)
            if (this.nodeLabels[i] < 0)
                throw new ArgumentException($"nodeLabels[{i}] is {this.nodeLabels[i]}: expected a label >= 0", nameof(nodeLabels));
        adjacency = new int[n * n];
        Array.Fill(adjacency, NoEdge);
        var edgeList = new List<GraphEdge>();
        foreach (var e in edges)
        {
            var (i, j) = e.I < e.J ? (e.I, e.J) : (e.J, e.I);
            if (i < 0 || j >= n || i == j)
                throw new ArgumentException($"edge ({e.I}, {e.J}) is not a pair of distinct nodes in [0, {n})", nameof(edges));
            if (e.Label < 0) throw new ArgumentException($"edge ({e.I}, {e.J}) has label {e.Label}: expected a label >= 0", nameof(edges));
            if (adjacency[i * n + j] != NoEdge) throw new ArgumentException($"edge ({i}, {j}) is given twice", nameof(edges));
            adjacency[i * n + j] = adjacency[j * n + i] = e.Label;
            edgeList.Add(new GraphEdge(i, j, e.Label));
        }
        Edges = edgeList.OrderBy(e => e.I).ThenBy(e => e.J).ToArray();
    }

    public int NodeCount => nodeLabels.Length;
    public IReadOnlyList<int> NodeLabels => nodeLabels;

    /// <summary>The edges with I &lt; J, sorted by (I, J).</summary>
    public IReadOnlyList<GraphEdge> Edges { get; }

    /// <summary>The label of edge {i, j}, or <see cref="NoEdge"/>.</summary>
    public int EdgeLabel(int i, int j) => adjacency[i * NodeCount + j];

    public int Degree(int i)
    {
        var d = 0;
        for (var j = 0; j < NodeCount; j++) if (adjacency[i * NodeCount + j] != NoEdge) d++;
        return d;
    }

    /// <summary>The same graph with node i moved to position order.IndexOf(i): node k of the result is node order[k] here.</summary>
    public LabeledGraph Permuted(IReadOnlyList<int> order)
    {
        if (order.Count != NodeCount || order.Distinct().Count() != NodeCount || order.Any(o => o < 0 || o >= NodeCount))
            throw new ArgumentException($"order has {order.Count} entries: expected a permutation of 0..{NodeCount - 1}", nameof(order));
        var position = new int[NodeCount];
        for (var k = 0; k < NodeCount; k++) position[order[k]] = k;
        return new LabeledGraph(order.Select(o => nodeLabels[o]).ToArray(), Edges.Select(e => new GraphEdge(position[e.I], position[e.J], e.Label)));
    }

    public bool Equals(LabeledGraph? other) =>
        other is not null && nodeLabels.AsSpan().SequenceEqual(other.nodeLabels) && adjacency.AsSpan().SequenceEqual(other.adjacency);

    public override bool Equals(object? obj) => Equals(obj as LabeledGraph);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var l in nodeLabels) hash.Add(l);
        foreach (var e in Edges) hash.Add(e);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"[{string.Join(",", nodeLabels)}] {{{string.Join(" ", Edges.Select(e => $"{e.I}-{e.J}:{e.Label}"))}}}";
}
