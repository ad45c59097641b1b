using static TorchSharp.torch;

namespace Research.Core.Models.Graphs;

/// <summary>
/// Candidate-set decoding (ile.md 1.5, DSOKR's <c>validate</c>): ŷ = y_c with c = argmax_j ⟨h, ψ(y_j)⟩ over the
/// candidates' embeddings; ties go to the lowest index, and scaling h by c &gt; 0 changes nothing.
/// </summary>
public static class CandidateDecoder
{
    /// <summary>The chosen candidate of each row of <paramref name="h"/> [N, p], given the candidates' ψ [C, p]: [N] int64.</summary>
    public static Tensor Decode(Tensor h, Tensor candidates)
    {
        if (h.dim() != 2 || candidates.dim() != 2 || h.shape[1] != candidates.shape[1] || candidates.shape[0] == 0)
            throw new ArgumentException(
                $"candidates has shape [{string.Join(", ", candidates.shape)}] but h has shape [{string.Join(", ", h.shape)}]: expected [C >= 1, {(h.dim() == 2 ? h.shape[1] : -1)}] for h [N, p]");
        using var scope = NewDisposeScope();
        // argmax returns the first maximal index (PyTorch's documented behaviour), hence ties to the lowest candidate.
        return h.matmul(candidates.t()).argmax(1).MoveToOuterDisposeScope();                  // [N]
    }
}
