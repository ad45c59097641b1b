using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// LABO-R's budget form (labo.md §1.2 (b)): per row, the temperature T at which q*(T) = softmax_{k≠y}(z̄/T) has entropy
/// h = r·log(K_eff). H(q*(T)) rises with T, so a vectorised bisection on log T over [MinTemperature, MaxTemperature]
/// finds it; a target outside the range is clamped to its end. A row whose allowed logits are all equal has
/// H = log K_eff for every T (q is uniform whatever T).
/// </summary>
public sealed class LaboRTemperature
{
    public LaboRTemperature(double entropyRatio, int iterations = 40, double minTemperature = 1e-2, double maxTemperature = 1e3)
    {
        if (!(entropyRatio is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(entropyRatio), $"LaboRTemperature: entropyRatio r must be in (0, 1), got {entropyRatio}");
        if (iterations is < 1 or > 200)
            throw new ArgumentOutOfRangeException(nameof(iterations), $"LaboRTemperature: iterations must be in [1, 200], got {iterations}");
        if (!(minTemperature > 0 && maxTemperature > minTemperature && double.IsFinite(maxTemperature)))
            throw new ArgumentOutOfRangeException(nameof(minTemperature), $"LaboRTemperature: expected 0 < minTemperature < maxTemperature < ∞, got {minTemperature} and {maxTemperature}");
        EntropyRatio = entropyRatio;
        Iterations = iterations;
        MinTemperature = minTemperature;
        MaxTemperature = maxTemperature;
    }

    public double EntropyRatio { get; }
    public int Iterations { get; }
    public double MinTemperature { get; }
    public double MaxTemperature { get; }

    /// <summary>
    /// T per row, [M], for masked logits [M, K] (−inf where a class gets no mass, finite elsewhere) and the count of
    /// finite entries per row [M]. Runs without gradient.
    /// </summary>
    public Tensor Solve(Tensor maskedLogits, Tensor effectiveClasses)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rows = maskedLogits.shape[0];
        var target = effectiveClasses.to(maskedLogits.dtype).log().times(EntropyRatio);           // h, [M]
        var finite = maskedLogits.isfinite();
        var zeroed = maskedLogits.masked_fill_kept(finite.logical_not(), 0);                       // z̄ with 0 for −inf: E_q[z̄] never forms 0·∞
        var lo = KeptScalars.full_kept([rows], Math.Log(MinTemperature), maskedLogits.dtype, maskedLogits.device);
        var hi = KeptScalars.full_kept([rows], Math.Log(MaxTemperature), maskedLogits.dtype, maskedLogits.device);
        for (var i = 0; i < Iterations; i++)
        {
            using var step = NewDisposeScope();
            var mid = lo.plus(hi).times(0.5);
            var below = Entropy(maskedLogits, zeroed, mid.exp()).lt(target);                       // T too small
            var newLo = where(below, mid, lo).MoveToOuterDisposeScope();
            var newHi = where(below, hi, mid).MoveToOuterDisposeScope();
            lo = newLo;
            hi = newHi;
        }
        return lo.plus(hi).times(0.5).exp().MoveToOuterDisposeScope();
    }

    /// <summary>H(softmax(z̄/T)) per row: lse(z̄/T) − E_q[z̄]/T.</summary>
    public static Tensor Entropy(Tensor maskedLogits, Tensor zeroedLogits, Tensor temperature)
    {
        using var scope = NewDisposeScope();
        var t = temperature.unsqueeze(1);
        var scaled = maskedLogits.div(t);                                                          // [M, K]
        var lse = scaled.logsumexp(1);                                                             // [M]
        var q = scaled.sub_(lse.unsqueeze(1)).exp_();                                              // in place: one [M, K] tensor
        var expected = q.unsqueeze(1).bmm(zeroedLogits.unsqueeze(2)).squeeze(2).squeeze(1);        // E_q[z̄], [M]
        return lse.sub(expected.div(temperature)).MoveToOuterDisposeScope();
    }
}
