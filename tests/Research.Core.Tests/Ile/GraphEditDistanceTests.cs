using System.Globalization;
using System.Text.Json;
using Research.Core.Data.Cache;
using Research.Core.Data.Graphs;
using Research.Core.Metrics.Graphs;
using static Research.Core.Tests.Ile.GraphTests;

namespace Research.Core.Tests.Ile;

public sealed class GraphEditDistanceTests
{
    private const int C = 0, O = 2, Single = 0, Double = 1;

    // ile.md 5, invariant 7 (labels are atom types; "w/" compares bond types).
    public static TheoryData<string, LabeledGraph, LabeledGraph, int, int> HandWorked() => new()
    {
        { "C-C vs C-C", G([C, C], (0, 1, Single)), G([C, C], (0, 1, Single)), 0, 0 },
        { "C-C vs C-O", G([C, C], (0, 1, Single)), G([C, O], (0, 1, Single)), 1, 1 },
        { "C-C vs C=C", G([C, C], (0, 1, Single)), G([C, C], (0, 1, Double)), 1, 0 },
        { "path vs triangle", G([C, C, C], (0, 1, Single), (1, 2, Single)), G([C, C, C], (0, 1, Single), (1, 2, Single), (0, 2, Single)), 1, 1 },
        { "C vs C-C", G([C]), G([C, C], (0, 1, Single)), 2, 2 },
        { "C-C-O vs O-C-C", G([C, C, O], (0, 1, Single), (1, 2, Single)), G([O, C, C], (0, 1, Single), (1, 2, Single)), 0, 0 },
        { "empty vs C=O", G([]), G([C, O], (0, 1, Double)), 3, 3 },
        { "C-C-C vs C-C-C=O", G([C, C, C], (0, 1, Single), (1, 2, Single)), G([C, C, C, O], (0, 1, Single), (1, 2, Single), (2, 3, Double)), 2, 2 },
    };

    [Theory]
    [MemberData(nameof(HandWorked))]
    public void Hand_worked_cases(string name, LabeledGraph a, LabeledGraph b, int with, int without)
    {
        Assert.True(GraphEditDistance.Compute(a, b, edgeLabels: true) is { Exact: true } r1 && r1.Distance == with, name);
        Assert.True(GraphEditDistance.Compute(a, b, edgeLabels: false) is { Exact: true } r2 && r2.Distance == without, name);
        Assert.Equal(with, GraphEditDistance.Compute(b, a, edgeLabels: true).Distance);
        Assert.Equal(without, GraphEditDistance.Compute(b, a, edgeLabels: false).Distance);
    }

    [Fact]
    public void Symmetric_and_zero_iff_isomorphic()
    {
        var random = new Random(5);
        var options = new SyntheticGraphOptions(MinNodes: 1, MaxNodes: 7, NodeTypes: 2, EdgeTypes: 2);
        for (var k = 0; k < 100; k++)
        {
            var a = SyntheticGraphText.RandomGraph(random, options);
            var b = SyntheticGraphText.RandomGraph(random, options);
            var permuted = a.Permuted(Enumerable.Range(0, a.NodeCount).OrderBy(_ => random.Next()).ToArray());
            Assert.Equal(0, GraphEditDistance.Compute(a, permuted, edgeLabels: true).Distance);
            var ab = GraphEditDistance.Compute(a, b, edgeLabels: true);
            Assert.True(ab.Exact);
            Assert.Equal(ab.Distance, GraphEditDistance.Compute(b, a, edgeLabels: true).Distance);
            Assert.Equal(ab.Distance == 0, GraphCanonicalForm.AreIsomorphic(a, b));
            Assert.True(GraphEditDistance.Compute(a, b, edgeLabels: false).Distance <= ab.Distance);
        }
    }

    [Fact]
    public void A_search_that_hits_its_limit_reports_an_upper_bound()
    {
        var random = new Random(2);
        var options = new SyntheticGraphOptions(MinNodes: 12, MaxNodes: 12, NodeTypes: 2, EdgeTypes: 1, MaxRingEdges: 6, RingEdgeProbability: 1);
        var (a, b) = (SyntheticGraphText.RandomGraph(random, options), SyntheticGraphText.RandomGraph(random, options));
        var limited = GraphEditDistance.Compute(a, b, edgeLabels: true, maxExpanded: 20);
        var full = GraphEditDistance.Compute(a, b, edgeLabels: true);
        Assert.False(limited.Exact);
        Assert.True(full.Exact);
        Assert.True(limited.Distance >= full.Distance);
        LabeledGraph[] predicted = [a, b, a], truth = [b, b, a];
        var scores = GraphPredictionScores.Of(predicted, truth, new HashSet<string> { GraphCanonicalForm.Key(a) }, maxExpanded: 20);
        var alone = predicted.Zip(truth, (p, t) => GraphEditDistance.Compute(p, t, edgeLabels: true, maxExpanded: 20)).ToArray();
        Assert.Equal(alone.Count(r => !r.Exact), scores.UpperBoundsWithEdges);
        Assert.Equal(alone.Select(r => r.Distance), scores.GedWithEdges);
        Assert.Equal(limited.Distance, scores.GedWithEdges[0]);
        Assert.Equal(2.0 / 3, scores.ExactMatch, 12);
        Assert.Equal(1.0 / 3, scores.OutsideTraining, 12);
    }

    /// <summary>Debian's python3-networkx graph_edit_distance (unit costs, node_match on labels, edge_match on bond labels or none).</summary>
    [Fact]
    public void Agrees_with_networkx_on_a_sample()
    {
        Assert.True(File.Exists("/usr/lib/python3/dist-packages/networkx/__init__.py"), "this cross-test needs python3-networkx; run ./kit setup");
        var random = new Random(9);
        var options = new SyntheticGraphOptions(MinNodes: 1, MaxNodes: 6, NodeTypes: 3, EdgeTypes: 3, MaxRingEdges: 2, RingEdgeProbability: 0.5);
        var pairs = Enumerable.Range(0, 40).Select(_ => (A: SyntheticGraphText.RandomGraph(random, options), B: SyntheticGraphText.RandomGraph(random, options))).ToList();
        var input = JsonSerializer.Serialize(pairs.Select(p => new[] { Describe(p.A), Describe(p.B) }));
        const string script =
            "import json, sys\n" +
            "import networkx as nx\n" +
            "def graph(d):\n" +
            "    g = nx.Graph()\n" +
            "    for i, l in enumerate(d['nodes']): g.add_node(i, l=l)\n" +
            "    for i, j, l in d['edges']: g.add_edge(i, j, l=l)\n" +
            "    return g\n" +
            "nm = lambda x, y: x['l'] == y['l']\n" +
            "for a, b in json.load(sys.stdin):\n" +
            "    ga, gb = graph(a), graph(b)\n" +
            "    print(int(nx.graph_edit_distance(ga, gb, node_match=nm, edge_match=nm)), int(nx.graph_edit_distance(ga, gb, node_match=nm)))\n";
        var lines = ExternalCommand.Run("/usr/bin/python3", ["-c", script], stdin: input).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count, lines.Length);
        for (var k = 0; k < pairs.Count; k++)
        {
            var expected = lines[k].Split(' ').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected[0], GraphEditDistance.Compute(pairs[k].A, pairs[k].B, edgeLabels: true).Distance);
            Assert.Equal(expected[1], GraphEditDistance.Compute(pairs[k].A, pairs[k].B, edgeLabels: false).Distance);
        }
        Assert.Contains(lines, l => l.Split(' ') is [var w, var wo] && w != wo);   // the sample tells the two apart
    }

    private static object Describe(LabeledGraph g) => new { nodes = g.NodeLabels, edges = g.Edges.Select(e => new[] { e.I, e.J, e.Label }) };
}
