using Research.Core.Engine;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// The ILE surrogate regression loss (ile.md 1.1): with h normalised to the unit sphere and ψ(y) unit vectors held
/// fixed, ‖h − ψ(y)‖² = 2 − 2⟨h, ψ(y)⟩ ∈ [0, 4], per example. The normalisation of h is a reconstruction.
/// </summary>
public static class SurrogateRegressionLoss
{
    /// <summary>2 − 2⟨normalise(h), ψ⟩ per row, [N]; <paramref name="h"/> and <paramref name="psi"/> are [N, p].</summary>
    public static Tensor Compute(Tensor h, Tensor psi)
    {
        if (h.dim() != 2 || !h.shape.SequenceEqual(psi.shape))
            throw new ArgumentException(
                $"psi has shape [{string.Join(", ", psi.shape)}] but h has shape [{string.Join(", ", h.shape)}]: expected two equal shapes [N, p]");
        var unit = nn.functional.normalize(h, p: 2, dim: 1);
        return unit.mul(psi).sum(1).times(-2.0).plus(2.0);
    }
}
