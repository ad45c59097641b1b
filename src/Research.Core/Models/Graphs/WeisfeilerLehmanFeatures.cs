using Research.Core.Data.Graphs;
using static TorchSharp.torch;

namespace Research.Core.Models.Graphs;

/// <summary>
/// The fixed-kernel baseline's output embedding (ile.md 4, "DSOKR without sketching"): Weisfeiler-Lehman subtree
/// features, the counts of every node colour at iterations 0..h (a colour is the node label, then the previous colour
/// with the sorted multiset of (edge label, neighbour colour)), hashed into <c>dimension</c> buckets and ℓ2-normalised.
/// Without edge labels every edge looks alike. Equal on isomorphic graphs by construction.
/// </summary>
public sealed class WeisfeilerLehmanFeatures(int iterations = 3, int dimension = 2048, bool edgeLabels = true) : IOutputEmbedding
{
    public int Iterations { get; } = iterations >= 0 ? iterations : throw new ArgumentOutOfRangeException(nameof(iterations), $"iterations is {iterations}: expected >= 0");
    public int Dimension { get; } = dimension >= 1 ? dimension : throw new ArgumentOutOfRangeException(nameof(dimension), $"dimension is {dimension}: expected >= 1");
    public bool EdgeLabels { get; } = edgeLabels;

    public Tensor Embed(IReadOnlyList<LabeledGraph> graphs, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        var features = new float[graphs.Count * Dimension];
        for (var g = 0; g < graphs.Count; g++)
        {
            var row = features.AsSpan(g * Dimension, Dimension);
            foreach (var colour in Colours(graphs[g])) row[(int)(colour % (ulong)Dimension)] += 1;
            var norm = 0.0;
            foreach (var x in row) norm += x * x;
            if (norm > 0) for (var k = 0; k < Dimension; k++) row[k] = (float)(row[k] / Math.Sqrt(norm));
        }
        return tensor(features, [graphs.Count, Dimension], device: device);
    }

    /// <summary>Every node's colour at every iteration, as 64-bit hashes (the iteration is part of the hash).</summary>
    public IEnumerable<ulong> Colours(LabeledGraph graph)
    {
        var n = graph.NodeCount;
        var colours = graph.NodeLabels.Select(l => Mix(0x9E3779B97F4A7C15UL, (ulong)l)).ToArray();
        for (var it = 0; ; it++)
        {
            foreach (var c in colours) yield return Mix(c, (ulong)it);
            if (it == Iterations) yield break;
            var next = new ulong[n];
            for (var v = 0; v < n; v++)
            {
                var neighbours = new List<ulong>();
                for (var w = 0; w < n; w++)
                    if (graph.EdgeLabel(v, w) is var l && l != LabeledGraph.NoEdge)
                        neighbours.Add(Mix(colours[w], EdgeLabels ? (ulong)l + 1 : 0));
                neighbours.Sort();
                var h = Mix(colours[v], 0xD1B54A32D192ED03UL);
                foreach (var x in neighbours) h = Mix(h, x);
                next[v] = h;
            }
            colours = next;
        }
    }

    // SplitMix64-style mixing of a running hash with one value: fixed across runs and machines.
    private static ulong Mix(ulong h, ulong x)
    {
        var z = h ^ (x + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
