namespace Research.Core.Data.Graphs;

/// <summary>
/// A canonical node order for small labelled graphs, so that two graphs are isomorphic (labels included) iff their
/// canonical forms are equal. Individualisation-refinement: colour refinement (1-WL with edge labels) to a stable
/// partition, then branch on each vertex of the first non-singleton cell, keeping the lexicographically smallest
/// leaf encoding. Interchangeable vertices (same colour, same labelled neighbourhood) are tried once, which keeps
/// empty graphs and stars cheap; other symmetric graphs cost more, bounded by <see cref="MaxLeaves"/>.
/// </summary>
public static class GraphCanonicalForm
{
    /// <summary>Leaves of the search tree visited before giving up (far above what molecules of this size need).</summary>
    public const int MaxLeaves = 1_000_000;

    /// <summary>The canonical order: node k of the canonical graph is node order[k] of <paramref name="graph"/>.</summary>
    public static int[] Order(LabeledGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var search = new Search(graph);
        search.Visit(graph.NodeLabels.ToArray());
        return search.BestOrder!;
    }

    public static LabeledGraph Of(LabeledGraph graph) => graph.Permuted(Order(graph));

    /// <summary>An isomorphism-invariant text: the canonical graph's node labels and labelled edges.</summary>
    public static string Key(LabeledGraph graph)
    {
        var canonical = Of(graph);
        return $"{string.Join(",", canonical.NodeLabels)}|{string.Join(",", canonical.Edges.Select(e => $"{e.I}-{e.J}:{e.Label}"))}";
    }

    public static bool AreIsomorphic(LabeledGraph a, LabeledGraph b) =>
        a.NodeCount == b.NodeCount && a.Edges.Count == b.Edges.Count && Key(a) == Key(b);

    private sealed class Search(LabeledGraph graph)
    {
        private readonly int n = graph.NodeCount;
        private int[]? bestCode;
        private int leaves;
        public int[]? BestOrder;

        public void Visit(int[] colours)
        {
            colours = Refine(colours);
            var cell = TargetCell(colours);
            if (cell < 0)
            {
                Leaf(colours);
                return;
            }
            var tried = new List<int>();
            for (var v = 0; v < n; v++)
            {
                if (colours[v] != cell || tried.Any(u => AreTwins(u, v))) continue;
                tried.Add(v);
                var split = new int[n];
                for (var w = 0; w < n; w++) split[w] = 2 * colours[w] + (w == v ? 0 : 1);
                Visit(split);
            }
        }

        // The smallest colour shared by two or more vertices, or -1 when the partition is discrete.
        private int TargetCell(int[] colours)
        {
            var counts = new int[n];
            foreach (var c in colours) counts[c]++;
            for (var c = 0; c < n; c++) if (counts[c] > 1) return c;
            return -1;
        }

        private bool AreTwins(int u, int v)
        {
            for (var w = 0; w < n; w++)
                if (w != u && w != v && graph.EdgeLabel(u, w) != graph.EdgeLabel(v, w)) return false;
            return true;
        }

        private void Leaf(int[] colours)
        {
            if (++leaves > MaxLeaves)
                throw new InvalidOperationException($"canonical form of a graph with {n} nodes: more than {MaxLeaves} search leaves");
            var order = new int[n];
            for (var v = 0; v < n; v++) order[colours[v]] = v;
            var code = new int[n + n * (n - 1) / 2];
            for (var k = 0; k < n; k++) code[k] = graph.NodeLabels[order[k]];
            var p = n;
            for (var a = 0; a < n; a++)
                for (var b = a + 1; b < n; b++) code[p++] = graph.EdgeLabel(order[a], order[b]) + 1;
            if (bestCode is null || code.AsSpan().SequenceCompareTo(bestCode) < 0)
            {
                bestCode = code;
                BestOrder = order;
            }
        }

        // Colour refinement to a stable partition; colours come back as dense ranks 0..c-1 ordered by an
        // isomorphism-invariant signature (old colour, then the sorted (neighbour colour, edge label) multiset).
        private int[] Refine(int[] colours)
        {
            var current = Rank(colours.Select(c => new Signature(c, [])).ToArray());
            var classes = current.Distinct().Count();
            while (true)
            {
                var signatures = new Signature[n];
                for (var v = 0; v < n; v++)
                {
                    var neighbours = new List<long>();
                    for (var w = 0; w < n; w++)
                        if (graph.EdgeLabel(v, w) is var l && l != LabeledGraph.NoEdge) neighbours.Add((long)current[w] << 20 | (uint)l);
                    neighbours.Sort();
                    signatures[v] = new Signature(current[v], neighbours.ToArray());
                }
                var next = Rank(signatures);
                var nextClasses = next.Distinct().Count();
                if (nextClasses == classes) return next;
                (current, classes) = (next, nextClasses);
            }
        }

        private static int[] Rank<T>(T[] keys) where T : IComparable<T>
        {
            var distinct = keys.Distinct().ToList();
            distinct.Sort((x, y) => x.CompareTo(y));
            return keys.Select(k => distinct.FindIndex(d => d.CompareTo(k) == 0)).ToArray();
        }
    }

    private sealed record Signature(int Colour, long[] Neighbours) : IComparable<Signature>
    {
        public int CompareTo(Signature? other)
        {
            if (other is null) return 1;
            var c = Colour.CompareTo(other.Colour);
            return c != 0 ? c : Neighbours.AsSpan().SequenceCompareTo(other.Neighbours);
        }

        public bool Equals(Signature? other) => other is not null && CompareTo(other) == 0;
        public override int GetHashCode() => HashCode.Combine(Colour, Neighbours.Length > 0 ? Neighbours[0] : 0, Neighbours.Length);
    }
}
