using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// Options of <see cref="NtXentLoss"/> (ile.md 1.3, reconstructed): the temperature τ (GraphCL: 0.2) and whether the
/// positive sits in the denominator (SimCLR: yes; GraphCL's <c>loss_cal</c>: no).
/// </summary>
public sealed record NtXentOptions(double Temperature = 0.2, bool PositiveInDenominator = true)
{
    public void Validate()
    {
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), $"temperature is {Temperature}: expected a finite number > 0");
    }
}

/// <summary>
/// NT-Xent / InfoNCE over two views of a batch (ile.md 1.3): with u = the 2B unit-normalised embeddings and
/// s_ij = ⟨u_i, u_j⟩/τ, each view's loss is −s_{i,pos(i)} + log Σ_{j≠i} exp(s_ij) (the positive left out of the sum
/// when <see cref="NtXentOptions.PositiveInDenominator"/> is off), averaged over the 2B views. With the positive in the
/// sum it is ≥ 0 and equals log(2B − 1) when all embeddings coincide (ile.md 5, invariant 3).
/// </summary>
public static class NtXentLoss
{
    /// <summary>The mean loss over the 2B views; <paramref name="first"/> and <paramref name="second"/> are [B, p] (normalised here).</summary>
    public static Tensor Compute(Tensor first, Tensor second, NtXentOptions? options = null)
    {
        options ??= new NtXentOptions();
        options.Validate();
        if (first.dim() != 2 || !first.shape.SequenceEqual(second.shape) || first.shape[0] < 2)
            throw new ArgumentException(
                $"second has shape [{string.Join(", ", second.shape)}] but first has shape [{string.Join(", ", first.shape)}]: expected two equal shapes [B, p] with B >= 2");
        var b = first.shape[0];
        var u = nn.functional.normalize(cat([first, second], 0), p: 2, dim: 1);          // [2B, p]
        var logits = u.matmul(u.t()).over(options.Temperature);                          // [2B, 2B]
        var partner = new long[2 * b];
        for (var i = 0L; i < 2 * b; i++) partner[i] = (i + b) % (2 * b);
        var positive = tensor(partner, device: u.device);                                 // i ↔ i ± B
        var excluded = eye(2 * b, dtype: ScalarType.Bool, device: u.device);
        if (!options.PositiveInDenominator)
            excluded = excluded.logical_or(nn.functional.one_hot(positive, 2 * b).to(ScalarType.Bool));
        var positives = logits.gather(1, positive.unsqueeze(1)).squeeze(1);              // [2B]
        var denominators = logits.masked_fill_kept(excluded, double.NegativeInfinity).logsumexp(1);
        return denominators.sub(positives).mean();
    }
}
