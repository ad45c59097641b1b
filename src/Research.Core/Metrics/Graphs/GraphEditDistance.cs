using Research.Core.Data.Graphs;

namespace Research.Core.Metrics.Graphs;

/// <summary>A graph edit distance and whether the search proved it: when it hit its limit, Distance is an upper bound.</summary>
public readonly record struct GedResult(int Distance, bool Exact, long Expanded);

/// <summary>
/// Exact graph edit distance with unit costs, as networkx's <c>graph_edit_distance</c> counts them (ile.md 2, DSOKR's
/// metric): node insertion, deletion and relabelling cost 1; edge insertion and deletion cost 1; an edge relabelling
/// costs 1 when edge labels count ("w/ edge features") and 0 otherwise ("w/o"). Depth-first branch and bound over
/// the mappings of the first graph's nodes (to a node of the second graph or to deletion), pruned by a label-multiset
/// lower bound on the nodes and edges left. A search that expands more than <c>maxExpanded</c> states stops and
/// reports the best mapping found so far as an upper bound (Exact = false).
/// </summary>
public static class GraphEditDistance
{
    public const long DefaultMaxExpanded = 2_000_000;

    public static GedResult Compute(LabeledGraph a, LabeledGraph b, bool edgeLabels, long maxExpanded = DefaultMaxExpanded)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExpanded, 1);
        var search = new Search(a, b, edgeLabels, maxExpanded);
        search.Run();
        return new GedResult(search.Best, !search.Stopped, search.Expanded);
    }

    private sealed class Search
    {
        private const int Deleted = -2;
        private const int Unassigned = -1;
        private readonly LabeledGraph a, b;
        private readonly bool edgeLabels;
        private readonly long maxExpanded;
        private readonly int[] order;     // a's nodes, most connected first (tighter bounds early)
        private readonly int[] map;       // a's node -> b's node, Deleted or Unassigned
        private readonly bool[] used;     // b's nodes already images
        private readonly int[] nodeCounts;   // scratch: a's free node labels
        private readonly int[] edgeCounts;   // scratch: a's free edge labels
        public int Best;
        public long Expanded;
        public bool Stopped;

        public Search(LabeledGraph a, LabeledGraph b, bool edgeLabels, long maxExpanded)
        {
            (this.a, this.b, this.edgeLabels, this.maxExpanded) = (a, b, edgeLabels, maxExpanded);
            order = Enumerable.Range(0, a.NodeCount).OrderByDescending(a.Degree).ThenBy(i => i).ToArray();
            map = Enumerable.Repeat(Unassigned, a.NodeCount).ToArray();
            used = new bool[b.NodeCount];
            nodeCounts = new int[a.NodeLabels.DefaultIfEmpty(0).Max() + 1];
            edgeCounts = new int[a.Edges.Select(e => e.Label).DefaultIfEmpty(0).Max() + 1];
            // Deleting everything and inserting everything is always possible.
            Best = a.NodeCount + a.Edges.Count + b.NodeCount + b.Edges.Count;
        }

        public void Run() => Visit(0, 0);

        private void Visit(int depth, int cost)
        {
            if (Stopped) return;
            if (cost + LowerBound() >= Best) return;
            if (++Expanded > maxExpanded)
            {
                Stopped = true;
                return;
            }
            if (depth == a.NodeCount)
            {
                Best = cost + LowerBound();   // exact here: the rest of b is inserted
                return;
            }
            var u = order[depth];
            var choices = new List<(int Node, int Cost)>(b.NodeCount + 1);
            for (var j = 0; j < b.NodeCount; j++)
                if (!used[j]) choices.Add((j, StepCost(depth, u, j)));
            choices.Add((Deleted, StepCost(depth, u, Deleted)));
            foreach (var (j, step) in choices.OrderBy(c => c.Cost))
            {
                map[u] = j;
                if (j >= 0) used[j] = true;
                Visit(depth + 1, cost + step);
                if (j >= 0) used[j] = false;
                map[u] = Unassigned;
                if (Stopped) return;
            }
        }

        // The cost of mapping u to j (or deleting u) given the nodes mapped before it: u's own cost plus every edge
        // between u and an earlier node, counted once, now that both its ends are fixed.
        private int StepCost(int depth, int u, int j)
        {
            var cost = j == Deleted ? 1 : a.NodeLabels[u] == b.NodeLabels[j] ? 0 : 1;
            for (var k = 0; k < depth; k++)
            {
                var v = order[k];
                var ea = a.EdgeLabel(u, v);
                var eb = j == Deleted || map[v] == Deleted ? LabeledGraph.NoEdge : b.EdgeLabel(j, map[v]);
                if (ea != LabeledGraph.NoEdge && eb != LabeledGraph.NoEdge) cost += edgeLabels && ea != eb ? 1 : 0;
                else if (ea != LabeledGraph.NoEdge || eb != LabeledGraph.NoEdge) cost += 1;
            }
            return cost;
        }

        // Nodes and edges not yet paid for: each remaining node of a meets at most one remaining node of b (cost 0
        // only with an equal label), and likewise for edges with an end still free; the surplus is deleted or inserted.
        private int LowerBound()
        {
            Array.Clear(nodeCounts);
            Array.Clear(edgeCounts);
            int freeA = 0, freeB = 0, nodeMatches = 0;
            for (var i = 0; i < a.NodeCount; i++)
                if (map[i] == Unassigned)
                {
                    freeA++;
                    nodeCounts[a.NodeLabels[i]]++;
                }
            for (var j = 0; j < b.NodeCount; j++)
                if (!used[j])
                {
                    freeB++;
                    var l = b.NodeLabels[j];
                    if (l < nodeCounts.Length && nodeCounts[l] > 0)
                    {
                        nodeCounts[l]--;
                        nodeMatches++;
                    }
                }
            int edgesA = 0, edgesB = 0, edgeMatches = 0;
            foreach (var e in a.Edges)
                if (map[e.I] == Unassigned || map[e.J] == Unassigned)
                {
                    edgesA++;
                    edgeCounts[edgeLabels ? e.Label : 0]++;
                }
            foreach (var e in b.Edges)
                if (!used[e.I] || !used[e.J])
                {
                    edgesB++;
                    var l = edgeLabels ? e.Label : 0;
                    if (l < edgeCounts.Length && edgeCounts[l] > 0)
                    {
                        edgeCounts[l]--;
                        edgeMatches++;
                    }
                }
            return Math.Max(freeA, freeB) - nodeMatches + Math.Max(edgesA, edgesB) - edgeMatches;
        }
    }
}
