using Research.Core.Data.Graphs;
using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models.Graphs;

/// <summary>
/// The direct-prediction baseline (ile.md 4, item 4; the Any2Graph role, simplified): the character Transformer reads
/// the text, and two linear heads predict every node slot's label (or "no node") and every pair's label (or "no edge")
/// of the graph in its canonical node order, trained with cross entropy against that order. No matching loss: this is
/// the note's "at least canonical-order cross-entropy" variant.
/// </summary>
public sealed class DirectGraphPredictor : nn.Module<Tensor, (Tensor Nodes, Tensor Edges)>
{
    private readonly CharacterTransformerEncoder encoder;
    private readonly Linear nodeHead;
    private readonly Linear edgeHead;

    public int Slots { get; }
    public int NodeTypes { get; }
    public int EdgeTypes { get; }

    public DirectGraphPredictor(InputEncoderOptions input, int slots, int nodeTypes, int edgeTypes) : base(nameof(DirectGraphPredictor))
    {
        if (slots < 1 || nodeTypes < 1 || edgeTypes < 1)
            throw new ArgumentException($"slots, nodeTypes, edgeTypes are {slots}, {nodeTypes}, {edgeTypes}: expected all >= 1");
        (Slots, NodeTypes, EdgeTypes) = (slots, nodeTypes, edgeTypes);
        encoder = new CharacterTransformerEncoder(input);
        nodeHead = nn.Linear(input.Dimension, slots * (nodeTypes + 1));
        edgeHead = nn.Linear(input.Dimension, slots * slots * (edgeTypes + 1));
        RegisterComponents();
    }

    /// <summary>Logits: nodes [N, M, K+1] and symmetric edges [N, M, M, T+1].</summary>
    public override (Tensor Nodes, Tensor Edges) forward(Tensor tokens)
    {
        var z = nn.functional.relu(encoder.call(tokens));                                          // [N, D]
        var n = z.shape[0];
        var nodes = nodeHead.call(z).reshape(n, Slots, NodeTypes + 1);                            // [N, M, K+1]
        var edges = edgeHead.call(z).reshape(n, Slots, Slots, EdgeTypes + 1);                     // [N, M, M, T+1]
        return (nodes, edges.plus(edges.transpose(1, 2)));
    }

    /// <summary>The canonical-order targets of graphs: node labels [N, M] and edge labels [N, M, M] (GraphBatch's convention).</summary>
    public GraphBatch Targets(IReadOnlyList<LabeledGraph> graphs, Device? device = null) =>
        GraphBatching.Collate(graphs.Select(GraphCanonicalForm.Of).ToList(), NodeTypes, EdgeTypes, Slots, device);

    /// <summary>Mean cross entropy over node slots plus mean cross entropy over the upper-triangle pairs.</summary>
    public static Tensor Loss(Tensor nodeLogits, Tensor edgeLogits, Tensor nodeTargets, Tensor edgeTargets)
    {
        var m = nodeLogits.shape[1];
        var nodes = nn.functional.cross_entropy(nodeLogits.flatten(0, 1), nodeTargets.flatten());
        var upper = ones(m, m, dtype: ScalarType.Bool, device: edgeLogits.device).triu(1);        // [M, M]
        var pairs = edgeLogits.index(TensorIndex.Colon, TensorIndex.Tensor(upper));                // [N, P, T+1]
        var targets = edgeTargets.index(TensorIndex.Colon, TensorIndex.Tensor(upper));             // [N, P]
        return nodes.plus(nn.functional.cross_entropy(pairs.flatten(0, 1), targets.flatten()));
    }

    /// <summary>The predicted graphs: argmax labels, decoded like <see cref="RelaxedGraphProjection.Round"/>'s output.</summary>
    public List<LabeledGraph> Predict(Tensor tokens)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (nodes, edges) = call(tokens);
            var (n, e) = RelaxedGraphProjection.Round(nn.functional.softmax(nodes, -1), nn.functional.softmax(edges, -1));
            return GraphBatching.Decode(n, e, NodeTypes, EdgeTypes);
        }
        finally
        {
            train(wasTraining);
        }
    }
}
