using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// LABO-R's budget form (labo.md §1.2 (b)): per row, the temperature T at which q*(T) = softmax_{k≠y}(z̄/T) has entropy
/// h = r·log(K_eff). H(q*(T)) rises with T, so a vectorised search on log T over [MinTemperature, MaxTemperature]
/// finds it (safeguarded Newton, see Solve); a target outside the range is clamped to its end. A row whose q does not
/// move with T (allowed logits all equal: q uniform; or so far apart that q is one-hot) stops where it is.
/// </summary>
public sealed class LaboRTemperature
{
    public LaboRTemperature(double entropyRatio, int iterations = 60, double minTemperature = 1e-2, double maxTemperature = 1e3)
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
    /// finite entries per row [M]. Runs without gradient. Safeguarded Newton on u = log T: H(u) rises with slope
    /// dH/du = Var_q(z̄)/T², so a Newton step from the current u is taken when it lands inside the bracket [lo, hi]
    /// that the signs of H − h have narrowed so far, and the bracket's midpoint otherwise. It stops when every row has
    /// converged (H − h, its step, its bracket or its slope is negligible): 3–7 rounds on logits [256, 1000] where
    /// bisection needed 40 (LaboRTemperatureTests).
    /// </summary>
    public Tensor Solve(Tensor maskedLogits, Tensor effectiveClasses) => Solve(maskedLogits, effectiveClasses, out _);

    /// <summary><see cref="Solve(Tensor, Tensor)"/>, also giving the number of rounds (entropy evaluations) it took.</summary>
    public Tensor Solve(Tensor maskedLogits, Tensor effectiveClasses, out int rounds)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rows = maskedLogits.shape[0];
        var (dtype, device) = (maskedLogits.dtype, maskedLogits.device);
        var ceiling = effectiveClasses.to(dtype).log();                                           // L = log K_eff, H's limit as T → ∞
        var target = ceiling.times(EntropyRatio);                                                 // h, [M]
        var logOdds = KeptScalars.full_kept([1], Math.Log(EntropyRatio / (1 - EntropyRatio)), dtype, device);
        // Logits centred on each row's mean over the allowed classes (H is shift-invariant); with their squares they
        // give E_q[z], E_q[z²] in one batched product per round, and Var_q(z) without much cancellation.
        var finite = maskedLogits.isfinite();
        var allowed = finite.to(dtype);
        var rowMean = maskedLogits.masked_fill_kept(finite.logical_not(), 0).sum(1).div(allowed.sum(1));
        var centred = maskedLogits.sub(rowMean.unsqueeze(1));                                       // −inf stays −inf
        var zeroed = centred.masked_fill_kept(finite.logical_not(), 0);                            // never forms 0·∞
        var moments = stack([zeroed, zeroed.mul(zeroed)], 2);                                       // [M, K, 2]
        var lo = KeptScalars.full_kept([rows], Math.Log(MinTemperature), dtype, device);
        var hi = KeptScalars.full_kept([rows], Math.Log(MaxTemperature), dtype, device);
        // Start where a Gaussian spread σ of the logits would put it, H(T) ≈ log K_eff − σ²/(2T²); T = 1 if σ = 0.
        var spread = moments.select(2, 1).sum(1).div(allowed.sum(1)).sqrt();
        var gap = effectiveClasses.to(dtype).log().times(2 * (1 - EntropyRatio)).sqrt();
        var guess = spread.div(gap).log();
        var u = where(guess.isfinite(), guess, zeros_like(guess)).clamp(lo, hi);
        // H − h within a few rounding errors of H; or, for a target outside the range, a bracket too narrow to matter
        var precise = dtype == ScalarType.Float64;
        var entropyTolerance = target.times(precise ? 1e-13 : 1e-4);
        var bracketTolerance = KeptScalars.full_kept([1], precise ? 1e-10 : 1e-5, dtype, device);
        var stepTolerance = KeptScalars.full_kept([1], precise ? 1e-11 : 1e-5, dtype, device);
        var flatSlope = KeptScalars.full_kept([1], 1e-12, dtype, device);
        var done = zeros([rows], ScalarType.Bool, device);
        for (rounds = 1; rounds <= Iterations; rounds++)
        {
            using var round = NewDisposeScope();
            var temperature = u.exp();
            var (entropy, variance) = EntropyAndVariance(centred, moments, temperature);
            var excess = entropy.sub(target);                                                      // H − h
            var below = excess.lt(KeptScalars.full_kept([1], 0, dtype, device));                   // T too small
            var newLo = where(below, u, lo);
            var newHi = where(below, hi, u);
            var slope = variance.div(temperature).div_(temperature);                                // dH/du
            // Newton on g = log(H / (L − H)), L = log K_eff, which is close to linear in log T at both ends where H
            // itself flattens (H ≈ c·e^{−a/T} for small T, L − H ≈ σ²/(2T²) for large T); g rises with H.
            var room = ceiling.sub(entropy);
            var g = entropy.log().sub(room.log()).sub(logOdds);
            var newton = u.sub(g.div(slope.mul(entropy.reciprocal().plus(room.reciprocal()))));
            var inside = newton.ge(newLo).logical_and_(newton.le(newHi));
            var step = where(inside, newton, newLo.plus(newHi).times(0.5));
            var converged = excess.abs().le(entropyTolerance)
                .logical_or_(newHi.sub(newLo).le(bracketTolerance))
                .logical_or_(step.sub(u).abs_().le(stepTolerance))
                .logical_or_(slope.le(flatSlope));
            // a row that has converged keeps its u: a later bisection step on rounding noise would throw it away
            var next = where(done, u, where(converged.logical_and(inside.logical_not()), u, step));
            done = done.logical_or(converged);
            (lo, hi, u, done) = (newLo.MoveToOuterDisposeScope(), newHi.MoveToOuterDisposeScope(), next.MoveToOuterDisposeScope(), done.MoveToOuterDisposeScope());
            if (done.all().item<bool>()) break;
        }
        rounds = Math.Min(rounds, Iterations);
        return u.exp().MoveToOuterDisposeScope();
    }

    /// <summary>H(softmax(z̄/T)) per row: lse(z̄/T) − E_q[z̄]/T.</summary>
    public static Tensor Entropy(Tensor maskedLogits, Tensor zeroedLogits, Tensor temperature)
    {
        using var scope = NewDisposeScope();
        var (lse, q) = LogPartitionAndQ(maskedLogits, temperature);
        return lse.sub(Expectation(q, zeroedLogits).div(temperature)).MoveToOuterDisposeScope();
    }

    /// <summary>H(q) and Var_q(z) per row from the centred logits and their moments [M, K, 2] (z and z², 0 where not allowed).</summary>
    private static (Tensor Entropy, Tensor Variance) EntropyAndVariance(Tensor centred, Tensor moments, Tensor temperature)
    {
        var (lse, q) = LogPartitionAndQ(centred, temperature);
        var expected = q.unsqueeze(1).bmm(moments).squeeze(1);                                     // E_q[z], E_q[z²]: [M, 2]
        var mean = expected.select(1, 0);
        var variance = expected.select(1, 1).sub(mean.mul(mean)).relu_();
        return (lse.sub(mean.div(temperature)), variance);
    }

    /// <summary>lse(z̄/T), [M], and q = softmax(z̄/T), [M, K], formed in one [M, K] buffer.</summary>
    private static (Tensor Lse, Tensor Q) LogPartitionAndQ(Tensor maskedLogits, Tensor temperature)
    {
        var scaled = maskedLogits.div(temperature.unsqueeze(1));
        var lse = scaled.logsumexp(1);
        return (lse, scaled.sub_(lse.unsqueeze(1)).exp_());
    }

    /// <summary>E_q[v] per row for q and v of shape [M, K], as a batched dot product.</summary>
    private static Tensor Expectation(Tensor q, Tensor values) =>
        q.unsqueeze(1).bmm(values.unsqueeze(2)).squeeze(2).squeeze(1);
}
