using Research.Core.Losses;
using TorchSharp;
using Research.Core.Engine;
using static TorchSharp.torch;

namespace Research.Core.Tests.Tying;

/// <summary>Invariants 1-6, 10 and 11 of the augmented loss (../shared/papers/tying.md §5), at V = 7, d = 3, N = 4.</summary>
public sealed class AugmentedLossTests
{
    private const long V = 7, D = 3, N = 4;
    // Static tensors must leave the DisposeScope of whichever test happens to initialise the class first.
    private static readonly Tensor Targets = tensor(new long[] { 2, 5, 2, 0 }).DetachFromDisposeScope();

    private static Tensor Random(int seed, params long[] shape)
    {
        manual_seed(seed);
        return randn(shape, float64);
    }

    private static Tensor EqualNormEmbedding(int seed) => nn.functional.normalize(Random(seed, V, D), dim: 1) * 2.0;

    public static TheoryData<double> Taus() => new(0.5, 1.0, 10.0);

    [Theory]
    [MemberData(nameof(Taus))]
    public void Target_rows_are_distributions(double tau)
    {
        using var scope = NewDisposeScope();
        var y = AugmentedLoss.LogTarget(Random(1, V, D), Targets, tau).exp();
        Assert.True(y.gt(0).all().item<bool>());
        Assert.True(y.sum(1).allclose(ones([N], float64), atol: 1e-6));
    }

    [Theory]
    [MemberData(nameof(Taus))]
    public void With_equal_norms_the_target_peaks_at_the_true_word(double tau)
    {
        using var scope = NewDisposeScope();
        var y = AugmentedLoss.LogTarget(EqualNormEmbedding(2), Targets, tau);
        Assert.Equal(Targets.data<long>().ToArray(), y.argmax(1).data<long>().ToArray());
    }

    [Fact]
    public void Temperature_limits_are_uniform_and_one_hot()
    {
        using var scope = NewDisposeScope();
        var hot = AugmentedLoss.LogTarget(EqualNormEmbedding(3), Targets, 1e6).exp();
        Assert.True(hot.allclose(full([N, V], 1.0 / V, float64), atol: 1e-5));
        var cold = AugmentedLoss.LogTarget(EqualNormEmbedding(3), Targets, 1e-3).exp();
        Assert.True(cold.allclose(nn.functional.one_hot(Targets, V).to(float64), atol: 1e-6));
    }

    [Theory]
    [MemberData(nameof(Taus))]
    public void KL_is_non_negative_and_zero_at_the_target(double tau)
    {
        using var scope = NewDisposeScope();
        var e = Random(4, V, D);
        var options = new AugmentedLossOptions(alpha: 1, tau: tau);
        Assert.True(AugmentedLoss.Compute(Random(5, N, V), Targets, e, options).item<double>() >= 0);
        // z = s + c·1 with s = τ·log ỹ: softmax(z/τ) = ỹ whatever the shift c.
        var z = AugmentedLoss.LogTarget(e, Targets, tau) * tau + 3.7;
        Assert.True(Math.Abs(AugmentedLoss.Compute(z, Targets, e, options).item<double>()) < 1e-12);
    }

    [Fact]
    public void A_tied_model_without_bias_at_h_equal_u_y_is_at_the_fixed_point()
    {
        using var scope = NewDisposeScope();
        var e = Random(6, V, D);
        var h = e.index_select(0, Targets);              // h = u_y, the target's own embedding
        var z = h.matmul(e.T);                           // tied logits, b = 0
        Assert.Equal(0.0, AugmentedLoss.Compute(z, Targets, e, new AugmentedLossOptions(1, 2.0)).item<double>(), 12);
    }

    [Theory]
    [MemberData(nameof(Taus))]
    public void Logit_gradient_is_the_scaled_difference_of_distributions(double tau)
    {
        using var scope = NewDisposeScope();
        var e = Random(7, V, D);
        var z = Random(8, N, V).requires_grad_();
        var options = new AugmentedLossOptions(alpha: 0.7, tau: tau, scale: AugmentedLossScale.TauSquaredV);
        AugmentedLoss.Compute(z, Targets, e, options).backward();
        var predicted = (z.detach() / tau).softmax(1);
        var target = AugmentedLoss.LogTarget(e, Targets, tau).exp();
        var expected = (predicted - target) * (0.7 * tau * tau * V / (tau * N));
        Assert.True(z.grad!.allclose(expected, rtol: 1e-9, atol: 1e-12));
        Assert.True(z.grad!.sum(1).abs().max().item<double>() < 1e-12); // rows sum to zero
    }

    [Fact]
    public void Deduplicated_targets_give_exactly_the_per_token_result()
    {
        using var scope = NewDisposeScope();
        var e = Random(9, V, D);
        var y = tensor(new long[] { 3, 3, 1, 6, 1, 3 });
        Assert.True(AugmentedLoss.LogTarget(e, y, 0.8, deduplicate: true).Equals(AugmentedLoss.LogTarget(e, y, 0.8, deduplicate: false)));
    }

    [Fact]
    public void Stop_gradient_puts_no_gradient_on_the_embedding_unless_asked()
    {
        using var scope = NewDisposeScope();
        var e = Random(10, V, D).requires_grad_();
        var z = Random(11, N, V).requires_grad_();
        AugmentedLoss.Compute(z, Targets, e, new AugmentedLossOptions(1, 2.0)).backward();
        Assert.Null(e.grad);
        Assert.NotNull(z.grad);
        AugmentedLoss.Compute(z, Targets, e, new AugmentedLossOptions(1, 2.0, gradThroughTarget: true)).backward();
        Assert.True(e.grad!.abs().sum().item<double>() > 0);
    }

    public static TheoryData<double, bool> GradCases() => new() { { 0.5, false }, { 1.0, false }, { 10.0, false }, { 0.5, true }, { 10.0, true } };

    [Theory]
    [MemberData(nameof(GradCases))]
    public void Gradients_match_finite_differences(double tau, bool throughTarget)
    {
        using var scope = NewDisposeScope();
        var options = new AugmentedLossOptions(0.9, tau, AugmentedLossScale.Tau, gradThroughTarget: throughTarget);
        // J_aug as a function of h and W (untied, z = h Wᵀ), and of E when the target is differentiated too.
        // With the stop-gradient, ỹ is a constant: E is held fixed, as autograd sees it.
        var e = Random(14, V, D);
        var result = throughTarget
            ? GradCheck.Run(x => AugmentedLoss.Compute(x[0].matmul(x[1].T), Targets, x[2], options),
                [Random(12, N, D), Random(13, V, D), e], eps: 1e-5, atol: 1e-7, rtol: 1e-6)
            : GradCheck.Run(x => AugmentedLoss.Compute(x[0].matmul(x[1].T), Targets, e, options),
                [Random(12, N, D), Random(13, V, D)], eps: 1e-5, atol: 1e-7, rtol: 1e-6);
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.WorstRelativeError < 1e-6, result.ToString());
    }

    [Fact]
    public void Extreme_logits_stay_finite_and_uniform_logits_give_log_v()
    {
        using var scope = NewDisposeScope();
        var e = Random(15, V, D);
        var z = (Random(16, N, V).sign() * 1e4).requires_grad_();
        var loss = nn.functional.cross_entropy(z, Targets) + AugmentedLoss.Compute(z, Targets, e, new AugmentedLossOptions(1, 0.5));
        loss.backward();
        Assert.True(double.IsFinite(loss.item<double>()));
        Assert.True(z.grad!.isfinite().all().item<bool>());
        var uniform = nn.functional.cross_entropy(zeros([N, V], float64), Targets);
        Assert.Equal(Math.Log(V), uniform.item<double>(), 12);
        Assert.Equal(V, Math.Exp(uniform.item<double>()), 9);
    }

    [Fact]
    public void Invalid_arguments_are_named()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("tau must be > 0", Assert.Throws<ArgumentOutOfRangeException>(() => new AugmentedLossOptions(1, 0)).Message);
        Assert.Contains("alpha must be >= 0", Assert.Throws<ArgumentOutOfRangeException>(() => new AugmentedLossOptions(-1, 1)).Message);
        var e = Assert.Throws<ArgumentException>(() => AugmentedLoss.Compute(zeros(4, 6), Targets, zeros(7, 3), new AugmentedLossOptions(1, 1)));
        Assert.Contains("expected [6, d]", e.Message);
    }
}
