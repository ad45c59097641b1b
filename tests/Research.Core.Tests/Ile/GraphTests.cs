using Research.Core.Data.Graphs;
using Research.Core.Tests.Data;
using static TorchSharp.torch;

namespace Research.Core.Tests.Ile;

public sealed class GraphTests
{
    internal static LabeledGraph G(int[] nodes, params (int I, int J, int L)[] edges) =>
        new(nodes, edges.Select(e => new GraphEdge(e.I, e.J, e.L)));

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Canonical_form_is_equal_on_isomorphic_graphs(int seed)
    {
        var random = new Random(seed);
        var options = new SyntheticGraphOptions(MinNodes: 1, MaxNodes: 12, NodeTypes: 2, EdgeTypes: 2, MaxRingEdges: 4, RingEdgeProbability: 0.7);
        for (var k = 0; k < 50; k++)
        {
            var graph = SyntheticGraphText.RandomGraph(random, options);
            var order = Enumerable.Range(0, graph.NodeCount).OrderBy(_ => random.Next()).ToArray();
            var permuted = graph.Permuted(order);
            Assert.Equal(GraphCanonicalForm.Key(graph), GraphCanonicalForm.Key(permuted));
            Assert.Equal(GraphCanonicalForm.Of(graph), GraphCanonicalForm.Of(permuted));
            Assert.True(GraphCanonicalForm.AreIsomorphic(graph, permuted));
        }
    }

    [Fact]
    public void Canonical_form_separates_non_isomorphic_graphs()
    {
        var path = G([0, 0, 0, 0], (0, 1, 0), (1, 2, 0), (2, 3, 0));
        var star = G([0, 0, 0, 0], (0, 1, 0), (0, 2, 0), (0, 3, 0));
        var relabelled = G([0, 0, 0, 1], (0, 1, 0), (1, 2, 0), (2, 3, 0));
        var middle = G([0, 1, 0, 0], (0, 1, 0), (1, 2, 0), (2, 3, 0));
        var bond = G([0, 0, 0, 0], (0, 1, 1), (1, 2, 0), (2, 3, 0));
        var innerBond = G([0, 0, 0, 0], (0, 1, 0), (1, 2, 1), (2, 3, 0));
        LabeledGraph[] graphs = [path, star, relabelled, middle, bond, innerBond];
        Assert.Equal(graphs.Length, graphs.Select(GraphCanonicalForm.Key).Distinct().Count());
        // Two 6-cycles vs. one 12-cycle: colour refinement alone cannot tell these apart (every node has degree 2).
        var twoHexagons = G(new int[12], Enumerable.Range(0, 12).Select(i => (i, i % 6 == 5 ? i - 5 : i + 1, 0)).ToArray());
        var ring12 = G(new int[12], Enumerable.Range(0, 12).Select(i => (i, (i + 1) % 12, 0)).ToArray());
        Assert.NotEqual(GraphCanonicalForm.Key(twoHexagons), GraphCanonicalForm.Key(ring12));
        // Symmetric graphs stay cheap: 12 identical isolated nodes, a 12-leaf star.
        Assert.Equal("0,0,0,0,0,0,0,0,0,0,0,0|", GraphCanonicalForm.Key(G(new int[12])));
        Assert.True(GraphCanonicalForm.AreIsomorphic(G(new int[13], Enumerable.Range(1, 12).Select(i => (0, i, 0)).ToArray()),
                                                      G(new int[13], Enumerable.Range(0, 12).Select(i => (i, 12, 0)).ToArray())));
    }

    [Fact]
    public void Graph_checks_its_arguments()
    {
        Assert.Contains("edge (0, 0)", Assert.Throws<ArgumentException>(() => G([0], (0, 0, 0))).Message);
        Assert.Contains("edge (1, 0) is given twice", Assert.Throws<ArgumentException>(() => G([0, 0], (0, 1, 0), (1, 0, 1))).Message.Replace("(0, 1)", "(1, 0)"));
        Assert.Contains("nodeLabels[1] is -1", Assert.Throws<ArgumentException>(() => G([0, -1])).Message);
        Assert.Equal(1, G([0, 0], (1, 0, 1)).EdgeLabel(0, 1));
        Assert.Equal(LabeledGraph.NoEdge, G([0, 0]).EdgeLabel(1, 0));
    }

    [Fact]
    public void Json_lines_round_trip_and_name_bad_lines()
    {
        using var folder = new TempFolder();
        var examples = SyntheticGraphText.Generate(20, seed: 3);
        var path = Path.Combine(folder.Path, "g.jsonl");
        GraphJsonLines.Write(path, examples);
        var read = GraphJsonLines.Read(path);
        Assert.Equal(examples.Select(e => e.Input), read.Select(e => e.Input));
        Assert.Equal(examples.Select(e => e.Graph), read.Select(e => e.Graph));
        Assert.Contains("unknown field 'extra'", Assert.Throws<FormatException>(() => GraphJsonLines.FromLine("""{"input":"a","nodes":[0],"edges":[],"extra":1}""")).Message);
        Assert.Contains("edges[0] must be [i, j, label]", Assert.Throws<FormatException>(() => GraphJsonLines.FromLine("""{"input":"a","nodes":[0,0],"edges":[[0,1]]}""")).Message);
        Assert.Contains("is not a pair of distinct nodes", Assert.Throws<FormatException>(() => GraphJsonLines.FromLine("""{"input":"a","nodes":[0],"edges":[[0,3,0]]}""")).Message);
    }

    [Fact]
    public void Synthetic_text_parses_back_to_an_isomorphic_graph()
    {
        var examples = SyntheticGraphText.Generate(2000, seed: 11);
        foreach (var e in examples)
            Assert.True(GraphCanonicalForm.AreIsomorphic(e.Graph, SyntheticGraphText.Parse(e.Input)), $"'{e.Input}' vs {e.Graph}");
        // Many texts per graph: random starts and orders.
        var graph = examples.First(e => e.Graph.NodeCount >= 6).Graph;
        var random = new Random(1);
        Assert.True(Enumerable.Range(0, 20).Select(_ => SyntheticGraphText.Write(graph, random)).Distinct().Count() > 3);
        Assert.Contains(examples, e => e.Input.Any(char.IsDigit));
        Assert.Equal(examples.Select(e => e.Input), SyntheticGraphText.Generate(2000, seed: 11).Select(e => e.Input));
    }

    [Fact]
    public void Batching_pads_masks_and_decodes_back()
    {
        var graphs = new[] { G([0, 1, 2], (0, 1, 0), (1, 2, 2)), G([3]), G([1, 1], (0, 1, 1)) };
        using var scope = NewDisposeScope();
        using var batch = GraphBatching.Collate(graphs, nodeTypes: 4, edgeTypes: 3, slots: 4);
        Assert.Equal(new long[] { 3, 4 }, batch.Nodes.shape);
        Assert.Equal(new long[] { 0, 1, 2, 4, 3, 4, 4, 4, 1, 1, 4, 4 }, batch.Nodes.data<long>().ToArray());
        Assert.Equal(new[] { true, true, true, false, true, false, false, false, true, true, false, false }, batch.NodeMask.data<bool>().ToArray());
        Assert.True(batch.Edges.eq(batch.Edges.transpose(1, 2)).all().item<bool>());
        Assert.Equal(2L, batch.Edges[0, 2, 1].item<long>());
        Assert.Equal(3L, batch.Edges[0, 1, 1].item<long>());
        var f = batch.NodeOneHot();
        var e = batch.EdgeOneHot();
        Assert.Equal(new long[] { 3, 4, 5 }, f.shape);
        Assert.Equal(new long[] { 3, 4, 4, 4 }, e.shape);
        Assert.True(f.sum(-1).eq(ones(3, 4)).all().item<bool>());
        Assert.Equal(graphs, GraphBatching.Decode(batch.Nodes, batch.Edges, 4, 3));
        Assert.Contains("slots is 2 but a graph has 3 nodes", Assert.Throws<ArgumentException>(() => GraphBatching.Collate(graphs, 4, 3, slots: 2)).Message);
        Assert.Contains("expected < nodeTypes = 3", Assert.Throws<ArgumentException>(() => GraphBatching.Collate(graphs, 3, 3)).Message);
    }
}
