using Research.Core.Engine;
using Research.Core.Losses;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>Linear CKA: the note's invariants in float64, the estimators on independent noise, float32 stability, gradients.</summary>
public sealed class CkaTests(ITestOutputHelper output)
{
    private static double Value(Tensor x, Tensor y, CkaEstimator e = CkaEstimator.Biased, CkaForm f = CkaForm.Auto) => Cka.Linear(x, y, e, f).to(float64).item<double>();

    private static Tensor Orthogonal(long d, int seed)
    {
        manual_seed(seed);
        var (q, _) = linalg.qr(randn(d, d, float64));
        return q;
    }

    public static TheoryData<CkaEstimator, CkaForm> Variants() => new()
    {
        { CkaEstimator.Biased, CkaForm.Gram }, { CkaEstimator.Biased, CkaForm.Feature },
        { CkaEstimator.Unbiased, CkaForm.Gram }, { CkaEstimator.Unbiased, CkaForm.Feature },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Invariants_of_the_note_hold_in_float64(CkaEstimator estimator, CkaForm form)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var x = randn(24, 7, float64);
        var y = x.matmul(randn(7, 9, float64)).add(randn(24, 9, float64));     // related, different width
        var cka = Value(x, y, estimator, form);
        Assert.InRange(cka, 0.05, 1.0);
        Assert.Equal(1.0, Value(x, x, estimator, form), 12);
        Assert.Equal(cka, Value(y, x, estimator, form), 12);
        Assert.Equal(cka, Value(x.matmul(Orthogonal(7, 1)), y, estimator, form), 12);
        Assert.Equal(cka, Value(x.times(-3.5), y.times(1e-3), estimator, form), 12);
        Assert.Equal(cka, Value(x.add(randn(1, 7, float64).times(10), KeptScalars.One), y, estimator, form), 10);
        var general = Value(x.matmul(randn(7, 7, float64)), y, estimator, form);
        output.WriteLine($"{estimator} {form}: CKA {cka:F6}; after a general linear map {general:F6}");
        Assert.True(Math.Abs(general - cka) > 1e-3, "a general linear map should change CKA");
    }

    [Fact]
    public void Gram_and_feature_forms_agree_and_a_batch_of_pairs_equals_the_pairs_one_by_one()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var x = randn(3, 20, 5, float64);
        var y = randn(3, 20, 30, float64);
        foreach (var e in new[] { CkaEstimator.Biased, CkaEstimator.Unbiased })
        {
            var batched = Cka.Linear(x, y, e, CkaForm.Gram);
            Assert.True(batched.allclose(Cka.Linear(x, y, e, CkaForm.Feature), rtol: 0, atol: 1e-14));
            for (var i = 0; i < 3; i++) Assert.Equal(Value(x[i], y[i], e), batched[i].item<double>(), 14);
        }
    }

    [Fact]
    public void A_constant_side_gives_zero_marked_undefined_never_NaN_and_a_finite_gradient()
    {
        using var scope = NewDisposeScope();
        var constant = ones(16, 4, float64).times(3).requires_grad_();
        var y = randn(16, 6, float64);
        foreach (var e in new[] { CkaEstimator.Biased, CkaEstimator.Unbiased })
        {
            var (value, defined) = Cka.LinearWithDefined(constant, y, e);
            Assert.Equal(0.0, value.item<double>());
            Assert.False(defined.item<bool>());
            Assert.Equal(0.0, Cka.Distance(constant, y, e).item<double>());
            var grad = autograd.grad([value], [constant])[0];
            Assert.True(grad.isfinite().all().item<bool>());
        }
        using var f32 = ones(16, 4).times(0.1f);                                // centres to float32 rounding noise
        Assert.False(Cka.LinearWithDefined(f32, randn(16, 6), CkaEstimator.Biased).Defined.item<bool>());
    }

    [Fact]
    public void On_independent_noise_with_width_much_larger_than_batch_biased_CKA_saturates_and_unbiased_does_not()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        foreach (var n in new[] { 16, 64, 256 })
        {
            var x = randn(20, n, 1000, float64);                            // 20 independent draws, one batch of pairs
            var y = randn(20, n, 1000, float64);
            var biased = Cka.Linear(x, y).mean().item<double>();
            var unbiased = Cka.Linear(x, y, CkaEstimator.Unbiased);
            var (mean, spread) = (unbiased.mean().item<double>(), unbiased.std().item<double>());
            output.WriteLine($"n {n}, d 1000, 20 draws: biased mean {biased:F3}; unbiased mean {mean:F4}, std {spread:F4}");
            // The note's pilot: 0.985, 0.94, 0.80 at n = 16, 64, 256; unbiased ≈ 0.
            Assert.InRange(biased, n == 256 ? 0.75 : 0.9, 1.0);
            Assert.InRange(mean, -4 * spread / Math.Sqrt(20), 4 * spread / Math.Sqrt(20));
            if (n == 256) Assert.True(unbiased.abs().max().item<double>() < 0.1);
        }
    }

    [Fact]
    public void Float32_agrees_with_float64_for_wide_layers_of_huge_and_tiny_scale()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var x = randn(128, 4096, float64);
        var y = x[.., ..64].matmul(randn(64, 512, float64)).add(randn(128, 512, float64));
        foreach (var e in new[] { CkaEstimator.Biased, CkaEstimator.Unbiased })
        {
            var reference = Value(x, y, e);
            foreach (var scale in new[] { 1e-15, 1.0, 1e15 })
            {
                var single = Value(x.times(scale).to(float32), y.times(1.0 / scale).to(float32), e);
                Assert.True(Math.Abs(single - reference) < 1e-4, $"{e} at scale {scale}: float32 {single}, float64 {reference}");
            }
        }
    }

    public static TheoryData<CkaEstimator, CkaForm> GradientCases() => Variants();

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void The_CKA_term_passes_float64_gradient_checks(CkaEstimator estimator, CkaForm form)
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var x = randn(12, 7, float64);
        var y = randn(12, 9, float64).add(x.matmul(randn(7, 9, float64)), KeptScalars.One);
        var result = GradCheck.Run(t => Cka.Distance(t[0], t[1], estimator, form), [x, y], atol: 1e-9, rtol: 1e-6);
        output.WriteLine(result.ToString());
        Assert.True(result.Passed, result.ToString());

        // CKA is scale- and offset-invariant: ⟨∂CKA/∂X, X⟩ = 0 and every column of ∂CKA/∂X sums to 0.
        var leaf = x.clone().requires_grad_();
        var grad = autograd.grad([Cka.Linear(leaf, y, estimator, form)], [leaf])[0];
        Assert.True(Math.Abs(grad.mul(x).sum().item<double>()) < 1e-14);
        Assert.True(grad.sum(0L).abs().max().item<double>() < 1e-14);
    }

    [Fact]
    public void Shapes_that_do_not_fit_are_named()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("y has shape [5, 3] but x has shape [4, 3]: expected [4, dy]",
            Assert.Throws<ArgumentException>(() => Cka.Linear(randn(4, 3), randn(5, 3))).Message);
        Assert.Contains("the unbiased estimator needs n >= 4",
            Assert.Throws<ArgumentException>(() => Cka.Linear(randn(3, 3), randn(3, 2), CkaEstimator.Unbiased)).Message);
        Assert.Contains("x is Float32 and y is Float64",
            Assert.Throws<ArgumentException>(() => Cka.Linear(randn(4, 3), randn(4, 3, float64))).Message);
    }
}
