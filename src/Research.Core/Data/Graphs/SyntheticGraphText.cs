using System.Text;

namespace Research.Core.Data.Graphs;

/// <summary>Sizes and alphabet of <see cref="SyntheticGraphText"/> (ile.md 4, Data C: random small labelled graphs).</summary>
public sealed record SyntheticGraphOptions(int MinNodes = 3, int MaxNodes = 8, int NodeTypes = 4, int EdgeTypes = 3, int MaxRingEdges = 2, double RingEdgeProbability = 0.3)
{
    public void Validate()
    {
        if (MinNodes < 1 || MaxNodes < MinNodes)
            throw new ArgumentException($"nodes range is [{MinNodes}, {MaxNodes}]: expected 1 <= MinNodes <= MaxNodes");
        if (NodeTypes is < 1 or > 26) throw new ArgumentException($"NodeTypes is {NodeTypes}: expected 1..26 (letters a..z)");
        if (EdgeTypes is < 1 or > 3) throw new ArgumentException($"EdgeTypes is {EdgeTypes}: expected 1..3 (bond symbols - = #)");
        if (MaxRingEdges is < 0 or > 9) throw new ArgumentException($"MaxRingEdges is {MaxRingEdges}: expected 0..9 (ring digits 1..9)");
        if (RingEdgeProbability is < 0 or > 1) throw new ArgumentException($"RingEdgeProbability is {RingEdgeProbability}: expected [0, 1]");
    }
}

/// <summary>
/// A synthetic text → graph task that scales to any size: random connected labelled graphs (a random tree plus a few
/// ring edges), each written as a SMILES-like string from a random start node in a random depth-first order, so one
/// graph has many texts. Node label k is the letter 'a' + k; edge labels 0, 1, 2 are '-', '=', '#' and every bond is
/// written; '(' ')' open and close a branch; a digit after a bond symbol opens or closes a ring edge.
/// </summary>
public static class SyntheticGraphText
{
    private const string BondSymbols = "-=#";

    public static List<GraphExample> Generate(int count, int seed, SyntheticGraphOptions? options = null)
    {
        options ??= new SyntheticGraphOptions();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var examples = new List<GraphExample>(count);
        for (var k = 0; k < count; k++)
        {
            var graph = RandomGraph(random, options);
            examples.Add(new GraphExample(Write(graph, random), graph));
        }
        return examples;
    }

    public static LabeledGraph RandomGraph(Random random, SyntheticGraphOptions options)
    {
        var n = random.Next(options.MinNodes, options.MaxNodes + 1);
        var labels = Enumerable.Range(0, n).Select(_ => random.Next(options.NodeTypes)).ToArray();
        var edges = new Dictionary<(int, int), int>();
        for (var v = 1; v < n; v++) edges[(random.Next(v), v)] = random.Next(options.EdgeTypes);
        for (var r = 0; r < options.MaxRingEdges && n > 2; r++)
        {
            if (random.NextDouble() >= options.RingEdgeProbability) continue;
            var (i, j) = (random.Next(n), random.Next(n));
            if (i == j) continue;
            var key = i < j ? (i, j) : (j, i);
            edges.TryAdd(key, random.Next(options.EdgeTypes));
        }
        return new LabeledGraph(labels, edges.Select(e => new GraphEdge(e.Key.Item1, e.Key.Item2, e.Value)));
    }

    /// <summary>The graph as text from a random start node, visiting neighbours in a random order.</summary>
    public static string Write(LabeledGraph graph, Random random)
    {
        if (graph.NodeCount == 0) return "";
        var n = graph.NodeCount;
        var parent = Enumerable.Repeat(-2, n).ToArray();
        var children = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var order = new List<int>();
        void Explore(int v)
        {
            order.Add(v);
            var neighbours = Enumerable.Range(0, n).Where(w => graph.EdgeLabel(v, w) != LabeledGraph.NoEdge).OrderBy(_ => random.Next()).ToList();
            foreach (var w in neighbours)
                if (parent[w] == -2)
                {
                    parent[w] = v;
                    children[v].Add(w);
                    Explore(w);
                }
        }
        var start = random.Next(n);
        parent[start] = -1;
        Explore(start);
        if (order.Count != n) throw new ArgumentException($"graph is not connected: {order.Count} of {n} nodes reachable", nameof(graph));

        var rank = new int[n];
        for (var k = 0; k < n; k++) rank[order[k]] = k;
        var ringEdges = graph.Edges.Where(e => parent[e.I] != e.J && parent[e.J] != e.I).ToList();
        var digitOf = new Dictionary<GraphEdge, int>();
        var free = new SortedSet<int>(Enumerable.Range(1, 9));
        var text = new StringBuilder();
        void Emit(int v)
        {
            text.Append((char)('a' + graph.NodeLabels[v]));
            // Ring edges: opened at the endpoint written first, closed at the other, in a fixed order.
            foreach (var e in ringEdges.Where(e => e.I == v || e.J == v).OrderBy(e => rank[e.I == v ? e.J : e.I]))
            {
                text.Append(BondSymbols[e.Label]);
                if (digitOf.Remove(e, out var digit)) free.Add(digit);
                else
                {
                    digit = free.Count > 0 ? free.Min : throw new ArgumentException("more than 9 ring edges open at once", nameof(graph));
                    free.Remove(digit);
                    digitOf[e] = digit;
                }
                text.Append((char)('0' + digit));
            }
            for (var c = 0; c < children[v].Count; c++)
            {
                var w = children[v][c];
                var last = c == children[v].Count - 1;
                if (!last) text.Append('(');
                text.Append(BondSymbols[graph.EdgeLabel(v, w)]);
                Emit(w);
                if (!last) text.Append(')');
            }
        }
        Emit(start);
        return text.ToString();
    }

    /// <summary>Reads a text written by <see cref="Write"/> back into a graph (nodes in the order written).</summary>
    public static LabeledGraph Parse(string text)
    {
        var labels = new List<int>();
        var edges = new List<GraphEdge>();
        var branches = new Stack<int>();
        var rings = new Dictionary<int, (int Node, int Label)>();
        var previous = -1;
        var bond = -1;
        for (var p = 0; p < text.Length; p++)
        {
            var ch = text[p];
            if (ch is >= 'a' and <= 'z')
            {
                labels.Add(ch - 'a');
                if (previous >= 0)
                    edges.Add(new GraphEdge(previous, labels.Count - 1, bond >= 0 ? bond : throw new FormatException($"text[{p}]: a node without a bond symbol before it")));
                previous = labels.Count - 1;
                bond = -1;
            }
            else if (BondSymbols.IndexOf(ch) is var b && b >= 0) bond = b;
            else if (ch is >= '1' and <= '9')
            {
                if (previous < 0 || bond < 0) throw new FormatException($"text[{p}]: ring digit '{ch}' without a node and a bond before it");
                if (rings.Remove(ch - '0', out var open)) edges.Add(new GraphEdge(open.Node, previous, open.Label));
                else rings[ch - '0'] = (previous, bond);
                bond = -1;
            }
            else if (ch == '(') branches.Push(previous);
            else if (ch == ')') previous = branches.Count > 0 ? branches.Pop() : throw new FormatException($"text[{p}]: ')' without '('");
            else throw new FormatException($"text[{p}] is '{ch}': expected a letter, one of -=#, a digit or a parenthesis");
        }
        if (rings.Count > 0 || branches.Count > 0) throw new FormatException($"'{text}' leaves a ring or a branch open");
        return new LabeledGraph(labels, edges);
    }
}
