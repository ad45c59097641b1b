using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Models.Graphs;

/// <summary>
/// The Euclidean projection Π onto relaxed graphs (ile.md 1.6, reconstructed): every node row F_i on the simplex
/// Δ^K, every pair E_ij on Δ^T with E_ij = E_ji, and "no edge" on the diagonal. E is symmetrised first; since the
/// pair constraint ties E_ij to E_ji, projecting their average onto the simplex is the exact projection. Rows use the
/// sort-based simplex projection of Duchi et al. (2008).
/// </summary>
public static class RelaxedGraphProjection
{
    private static readonly Scalar Zero = 0.0.ToScalar();

    /// <summary>Π(F, E) for F [B, M, K+1] and E [B, M, M, T+1].</summary>
    public static (Tensor Nodes, Tensor Edges) Project(Tensor nodes, Tensor edges)
    {
        if (nodes.dim() != 3 || edges.dim() != 4 || edges.shape[0] != nodes.shape[0] || edges.shape[1] != nodes.shape[1] || edges.shape[2] != nodes.shape[1])
            throw new ArgumentException(
                $"nodes has shape [{string.Join(", ", nodes.shape)}] and edges [{string.Join(", ", edges.shape)}]: expected [B, M, K+1] and [B, M, M, T+1]");
        using var scope = NewDisposeScope();
        var m = nodes.shape[1];
        var classes = edges.shape[3];
        var f = ProjectOntoSimplex(nodes);
        var e = ProjectOntoSimplex(edges.plus(edges.transpose(1, 2)).times(0.5));
        var diagonal = eye(m, dtype: ScalarType.Bool, device: edges.device).unsqueeze(2);             // [M, M, 1]
        var noEdge = nn.functional.one_hot(tensor(new long[] { classes - 1 }, device: edges.device), classes)
            .to(edges.dtype).reshape(1, 1, classes);                                                  // [1, 1, T+1]
        e = where(diagonal, noEdge, e);
        return (f.MoveToOuterDisposeScope(), e.MoveToOuterDisposeScope());
    }

    /// <summary>The Euclidean projection of each vector along the last axis onto the probability simplex.</summary>
    public static Tensor ProjectOntoSimplex(Tensor v)
    {
        using var scope = NewDisposeScope();
        var d = v.shape[^1];
        var sorted = v.sort(-1, descending: true).Values;
        var excess = sorted.cumsum(-1).plus(-1.0);                                          // Σ_{j≤k} u_j − 1
        var k = tensor(Enumerable.Range(1, (int)d).Select(i => (double)i).ToArray(), device: v.device).to(v.dtype);
        var support = sorted.mul(k).gt(excess).to(ScalarType.Int64).sum(-1, keepdim: true);   // ρ ≥ 1: u_k > (Σ_{j≤k} u_j − 1)/k holds for a prefix
        var theta = excess.gather(-1, support.sub(ones_like(support))).div(support.to(v.dtype));
        return v.sub(theta).clamp_min(Zero).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Rounds relaxed graphs to labels (ile.md 1.6 ROUND): a node is kept iff its argmax is not "no node"; each pair
    /// takes the argmax of its upper-triangle row, ties going to "no edge". Returns node [B, M] and edge [B, M, M]
    /// label tensors in <see cref="Research.Core.Data.Graphs.GraphBatch"/>'s convention.
    /// </summary>
    public static (Tensor Nodes, Tensor Edges) Round(Tensor nodes, Tensor edges)
    {
        using var scope = NewDisposeScope();
        var classes = edges.shape[3];
        using var noEdge = (classes - 1).ToScalar();
        var nodeLabels = nodes.argmax(-1);
        // The last maximal index: argmax of the reversed classes, mapped back.
        var reversed = edges.flip(-1).argmax(-1);
        var edgeLabels = full_like(reversed, noEdge).sub(reversed);
        var upper = edgeLabels.triu(1);
        var symmetric = upper.plus(upper.transpose(1, 2));
        var diagonal = eye(edges.shape[1], dtype: ScalarType.Bool, device: edges.device).unsqueeze(0);
        symmetric = where(diagonal, full_like(symmetric, noEdge), symmetric);
        return (nodeLabels.MoveToOuterDisposeScope(), symmetric.MoveToOuterDisposeScope());
    }
}
