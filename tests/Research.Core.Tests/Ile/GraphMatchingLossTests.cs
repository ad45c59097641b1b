using Research.Core.Data.Graphs;
using Research.Core.Losses;
using Research.Core.Models.Graphs;
using static TorchSharp.torch;

namespace Research.Core.Tests.Ile;

/// <summary>The node-matching loss of the direct baseline: independent of the target's node order, never above the
/// canonical order's node cost, differentiable (training with it: DirectGraphPredictorTests).</summary>
public sealed class GraphMatchingLossTests
{
    private const int Slots = 5, NodeTypes = 4, EdgeTypes = 3;

    private static (Tensor Nodes, Tensor Edges) Targets()
    {
        var model = new DirectGraphPredictor(new InputEncoderOptions(Vocabulary: 10, Dimension: 8, Width: 8, Layers: 1, MaxLength: 4), Slots, NodeTypes, EdgeTypes);
        var targets = model.Targets([GraphTests.G([2, 0, 1, 1], (0, 1, 0), (1, 2, 1), (2, 3, 2)), GraphTests.G([3, 3], (0, 1, 1)), GraphTests.G([0, 1, 2, 3, 0], (0, 4, 2))]);
        return (targets.Nodes, targets.Edges);
    }

    /// <summary>The same graphs with each example's slots listed in another order.</summary>
    private static (Tensor Nodes, Tensor Edges) Reordered(Tensor nodes, Tensor edges, long[] permutation)
    {
        var p = tensor(permutation);
        return (nodes.index_select(1, p), edges.index_select(1, p).index_select(2, p));
    }

    [Fact]
    public void The_loss_does_not_depend_on_the_order_of_the_target_nodes()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var (nodes, edges) = Targets();
        var nodeLogits = randn(3, Slots, NodeTypes + 1, dtype: ScalarType.Float64) * 3;
        var edgeLogits = randn(3, Slots, Slots, EdgeTypes + 1, dtype: ScalarType.Float64);
        edgeLogits = edgeLogits + edgeLogits.transpose(1, 2);
        var (otherNodes, otherEdges) = Reordered(nodes, edges, [3, 0, 4, 1, 2]);
        var matched = GraphMatchingLoss.Compute(nodeLogits, edgeLogits, nodes, edges).item<double>();
        Assert.Equal(matched, GraphMatchingLoss.Compute(nodeLogits, edgeLogits, otherNodes, otherEdges).item<double>(), 12);
        Assert.NotEqual(DirectGraphPredictor.Loss(nodeLogits, edgeLogits, nodes, edges).item<double>(),
                        DirectGraphPredictor.Loss(nodeLogits, edgeLogits, otherNodes, otherEdges).item<double>(), 6);
    }

    [Fact]
    public void The_matching_costs_no_more_than_the_canonical_order_and_passes_gradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var (nodes, edges) = Targets();
        var nodeLogits = randn(3, Slots, NodeTypes + 1, dtype: ScalarType.Float64).requires_grad_();
        var order = GraphMatchingLoss.Matching(nodeLogits, nodes);
        var logp = nn.functional.log_softmax(nodeLogits.detach(), -1);
        var matchedCost = -logp.gather(2, nodes.gather(1, order).unsqueeze(2)).sum().item<double>();
        var canonicalCost = -logp.gather(2, nodes.unsqueeze(2)).sum().item<double>();
        Assert.True(matchedCost <= canonicalCost + 1e-12, $"matched {matchedCost} > canonical {canonicalCost}");
        Assert.Equal(Enumerable.Range(0, Slots).Select(i => (long)i), order[0].data<long>().ToArray().Order());
        var edgeLogits = zeros(3, Slots, Slots, EdgeTypes + 1, dtype: ScalarType.Float64).requires_grad_();
        GraphMatchingLoss.Compute(nodeLogits, edgeLogits, nodes, edges).backward();
        Assert.True(nodeLogits.grad!.abs().sum().item<double>() > 0 && edgeLogits.grad!.abs().sum().item<double>() > 0);
        Assert.Throws<ArgumentException>(() => GraphMatchingLoss.Matching(nodeLogits, nodes[.., ..3]));
    }
}
