using static TorchSharp.torch;

namespace Research.Core.Data.Graphs;

/// <summary>
/// Graphs padded to M node slots (ile.md 1.2's dense format). <see cref="Nodes"/> [B, M] int64 holds each slot's
/// label or <see cref="NodeTypes"/> ("no node"); <see cref="Edges"/> [B, M, M] int64 holds each pair's label or
/// <see cref="EdgeTypes"/> ("no edge"), symmetric, "no edge" on the diagonal and at padding; <see cref="NodeMask"/>
/// [B, M] bool marks real nodes. The one-hot views are the F [B, M, K+1] and E [B, M, M, B+1] the encoder reads.
/// </summary>
public sealed class GraphBatch(Tensor nodes, Tensor edges, Tensor nodeMask, int nodeTypes, int edgeTypes) : IDisposable
{
    public Tensor Nodes { get; } = nodes;
    public Tensor Edges { get; } = edges;
    public Tensor NodeMask { get; } = nodeMask;
    public int NodeTypes { get; } = nodeTypes;
    public int EdgeTypes { get; } = edgeTypes;

    public long Count => Nodes.shape[0];
    public long Slots => Nodes.shape[1];

    /// <summary>F [B, M, K+1] float32; the last class is "no node".</summary>
    public Tensor NodeOneHot(ScalarType dtype = ScalarType.Float32) => nn.functional.one_hot(Nodes, NodeTypes + 1).to(dtype);

    /// <summary>E [B, M, M, B+1] float32; the last class is "no edge".</summary>
    public Tensor EdgeOneHot(ScalarType dtype = ScalarType.Float32) => nn.functional.one_hot(Edges, EdgeTypes + 1).to(dtype);

    public void Dispose()
    {
        Nodes.Dispose();
        Edges.Dispose();
        NodeMask.Dispose();
    }
}

/// <summary>Converts between <see cref="LabeledGraph"/>s and padded <see cref="GraphBatch"/> tensors.</summary>
public static class GraphBatching
{
    /// <summary>
    /// Pads the graphs to <paramref name="slots"/> node slots (default: the largest graph) on <paramref name="device"/>.
    /// Labels must lie in [0, nodeTypes) and [0, edgeTypes).
    /// </summary>
    public static GraphBatch Collate(IReadOnlyList<LabeledGraph> graphs, int nodeTypes, int edgeTypes, int? slots = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        if (graphs.Count == 0) throw new ArgumentException("graphs is empty: expected at least one graph", nameof(graphs));
        if (nodeTypes < 1 || edgeTypes < 1)
            throw new ArgumentException($"nodeTypes is {nodeTypes} and edgeTypes is {edgeTypes}: expected both >= 1");
        var largest = graphs.Max(g => g.NodeCount);
        var m = slots ?? largest;
        if (m < largest) throw new ArgumentException($"slots is {m} but a graph has {largest} nodes: expected slots >= {largest}", nameof(slots));
        var b = graphs.Count;
        var nodes = new long[b * m];
        var edges = new long[b * m * m];
        var mask = new bool[b * m];
        Array.Fill(nodes, nodeTypes);
        Array.Fill(edges, edgeTypes);
        for (var g = 0; g < b; g++)
        {
            var graph = graphs[g];
            for (var i = 0; i < graph.NodeCount; i++)
            {
                var label = graph.NodeLabels[i];
                if (label >= nodeTypes) throw new ArgumentException($"graphs[{g}] node {i} has label {label}: expected < nodeTypes = {nodeTypes}", nameof(graphs));
                nodes[g * m + i] = label;
                mask[g * m + i] = true;
            }
            foreach (var e in graph.Edges)
            {
                if (e.Label >= edgeTypes) throw new ArgumentException($"graphs[{g}] edge ({e.I}, {e.J}) has label {e.Label}: expected < edgeTypes = {edgeTypes}", nameof(graphs));
                edges[(g * m + e.I) * m + e.J] = e.Label;
                edges[(g * m + e.J) * m + e.I] = e.Label;
            }
        }
        return new GraphBatch(
            tensor(nodes, [b, m], device: device),
            tensor(edges, [b, m, m], device: device),
            tensor(mask, [b, m], device: device),
            nodeTypes, edgeTypes);
    }

    /// <summary>
    /// Reads graphs back from label tensors nodes [B, M] and edges [B, M, M] ("no node" = nodeTypes, "no edge" =
    /// edgeTypes): slots holding "no node" are dropped with their edges, the remaining nodes keep their slot order,
    /// and each pair's label is read from the upper triangle (i &lt; j).
    /// </summary>
    public static List<LabeledGraph> Decode(Tensor nodes, Tensor edges, int nodeTypes, int edgeTypes)
    {
        if (nodes.dim() != 2 || edges.dim() != 3 || edges.shape[0] != nodes.shape[0] || edges.shape[1] != nodes.shape[1] || edges.shape[2] != nodes.shape[1])
            throw new ArgumentException(
                $"nodes has shape [{string.Join(", ", nodes.shape)}] and edges [{string.Join(", ", edges.shape)}]: expected [B, M] and [B, M, M]");
        var (b, m) = ((int)nodes.shape[0], (int)nodes.shape[1]);
        var n = nodes.to(ScalarType.Int64).cpu().data<long>().ToArray();
        var e = edges.to(ScalarType.Int64).cpu().data<long>().ToArray();
        var graphs = new List<LabeledGraph>(b);
        for (var g = 0; g < b; g++)
        {
            var kept = Enumerable.Range(0, m).Where(i => n[g * m + i] != nodeTypes).ToArray();
            var index = new int[m];
            for (var k = 0; k < kept.Length; k++) index[kept[k]] = k;
            var list = new List<GraphEdge>();
            for (var a = 0; a < kept.Length; a++)
                for (var c = a + 1; c < kept.Length; c++)
                    if (e[(g * m + kept[a]) * m + kept[c]] is var l && l != edgeTypes) list.Add(new GraphEdge(a, c, (int)l));
            graphs.Add(new LabeledGraph(kept.Select(i => (int)n[g * m + i]).ToArray(), list));
        }
        return graphs;
    }
}
