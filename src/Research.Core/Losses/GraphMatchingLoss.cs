using Research.Core.Engine;
using Research.Core.Models.Graphs;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// A node-matching loss for direct graph prediction (the Any2Graph role, ile.md item 4, simplified: Any2Graph matches by
/// a fused Gromov–Wasserstein transport plan; this matches by nodes alone). Per example, the predicted node slots are
/// matched one-to-one to the target's slots ("no node" for padding) by least node cross entropy (Hungarian), the target
/// nodes and edges are permuted by that matching, and the loss is the canonical one on the permuted target. So the
/// loss does not depend on the order in which the target lists its nodes, only on the graph.
/// </summary>
public static class GraphMatchingLoss
{
    /// <summary>Loss for logits nodes [N, M, K+1], edges [N, M, M, T+1] and targets nodes [N, M], edges [N, M, M].</summary>
    public static Tensor Compute(Tensor nodeLogits, Tensor edgeLogits, Tensor nodeTargets, Tensor edgeTargets)
    {
        using var scope = NewDisposeScope();
        var order = Matching(nodeLogits, nodeTargets);                                              // [N, M]
        var (n, m) = (order.shape[0], order.shape[1]);
        var nodes = nodeTargets.gather(1, order);
        var rows = edgeTargets.gather(1, order.unsqueeze(2).expand(n, m, m));
        var edges = rows.gather(2, order.unsqueeze(1).expand(n, m, m));
        return DirectGraphPredictor.Loss(nodeLogits, edgeLogits, nodes, edges).MoveToOuterDisposeScope();
    }

    /// <summary>For each example and predicted slot i, the target slot σ(i) it is matched to, [N, M] int64: the
    /// permutation minimising Σ_i −log p_i(target label of σ(i)).</summary>
    public static Tensor Matching(Tensor nodeLogits, Tensor nodeTargets)
    {
        if (nodeLogits.dim() != 3 || nodeTargets.dim() != 2 || nodeTargets.shape[0] != nodeLogits.shape[0] || nodeTargets.shape[1] != nodeLogits.shape[1])
            throw new ArgumentException($"GraphMatchingLoss: node logits [{string.Join(", ", nodeLogits.shape)}] and targets [{string.Join(", ", nodeTargets.shape)}]: expected [N, M, K+1] and [N, M]");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (n, m) = (nodeLogits.shape[0], nodeLogits.shape[1]);
        var logp = nn.functional.log_softmax(nodeLogits.detach(), -1);                              // [N, M, K+1]
        var cost = logp.gather(2, nodeTargets.unsqueeze(1).expand(n, m, m)).neg()                  // [N, slot i, target j]
            .to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        var order = new long[n * m];
        var matrix = new double[m, m];
        for (var b = 0; b < n; b++)
        {
            for (var i = 0; i < m; i++)
                for (var j = 0; j < m; j++) matrix[i, j] = cost[(b * m + i) * m + j];
            var assignment = LinearAssignment.Solve(matrix);
            for (var i = 0; i < m; i++) order[b * m + i] = assignment[i];
        }
        return tensor(order, [n, m], ScalarType.Int64, nodeLogits.device).MoveToOuterDisposeScope();
    }
}
