using Research.Core.Engine;
using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Dist2;

/// <summary>Invariants 6-12 of dist2loss.md §5 (the loss), the controls, and float64 gradient checks, at V = 9 with
/// V_d = tokens 2..7 carrying the values 0..5.</summary>
public sealed class Dist2LossTests
{
    private const long V = 9;
    private const long Ignore = -100;
    private static readonly long[] Ids = [2, 3, 4, 5, 6, 7];

    private static MetricVocabulary Digits() => MetricVocabulary.Integers(2, 6);

    private static Tensor Logits(int seed, params long[] shape)
    {
        manual_seed(seed);
        return randn(shape, float64) * 2;
    }

    // Mixed labels: metric tokens, non-metric tokens (0, 1, 8) and ignored ones.
    private static Tensor Labels() => tensor(new long[] { 3, 7, Ignore, 0, 5, 2, 8, Ignore });

    private static Tensor CrossEntropy(Tensor z, Tensor y) => nn.functional.cross_entropy(z, y, ignore_index: Ignore);

    public static TheoryData<Dist2Variant, double, double> Settings() => new()
    {
        { Dist2Variant.Restricted, 0.1, 1 },
        { Dist2Variant.Restricted, 1, 2 },
        { Dist2Variant.FullVocabulary, 0.1, 1 },
        { Dist2Variant.FullVocabulary, 1, 8 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Alpha_zero_gives_cross_entropy_exactly(Dist2Variant variant, double _, double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var z = Logits(1, 8, V).requires_grad_();
        var output = Dist2Loss.Compute(z, Labels(), digits, new Dist2Options(0, tau, variant));
        AssertIsCrossEntropy(output.Loss, z, Labels());
        Assert.Equal(0.0, output.DistanceSum);
    }

    // PyTorch's cross entropy sums in another order, so the last bit may differ.
    private static void AssertIsCrossEntropy(Tensor loss, Tensor z, Tensor y)
    {
        var gradient = autograd.grad([loss], [z], retain_graph: true)[0];
        var zc = z.detach().clone().requires_grad_();
        var ce = CrossEntropy(zc, y);
        var ceGradient = autograd.grad([ce], [zc])[0];
        Assert.Equal(ce.item<double>(), loss.item<double>(), 14);
        Assert.True((gradient - ceGradient).abs().max().item<double>() <= 1e-15);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void A_batch_without_metric_labels_gives_cross_entropy_and_a_zero_distance_term(Dist2Variant variant, double alpha, double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var y = tensor(new long[] { 0, 1, 8, Ignore, 8, 0 });
        var z = Logits(2, 6, V).requires_grad_();
        var output = Dist2Loss.Compute(z, y, digits, new Dist2Options(alpha, tau, variant, placeValueWeights: true));
        AssertIsCrossEntropy(output.Loss, z, y);
        var plain = Dist2Loss.Compute(z, y, digits, new Dist2Options(0, tau, variant)).Loss;      // the same CE, bit for bit
        Assert.Equal(plain.item<double>(), output.Loss.item<double>());
        Assert.Equal(0.0, (autograd.grad([output.Loss], [z], retain_graph: true)[0] - autograd.grad([plain], [z])[0]).abs().max().item<double>());
        Assert.Equal(0.0, output.DistanceSum);
        Assert.Equal(0, output.MetricTokens);
        Assert.False(double.IsNaN(output.ToSums(alpha).Loss));
    }

    /// <summary>Closed forms (dist2loss.md §1): (p − e_y)/N_ce + (α w_t/W)·(A) 𝟙_{V_d}(softmax(z_{V_d}) − q), (B) (p − q).</summary>
    [Theory]
    [MemberData(nameof(Settings))]
    public void Logit_gradients_have_the_closed_form(Dist2Variant variant, double alpha, double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var y = tensor(new long[] { 0, 3, 4, Ignore, 7, 2, 8, 5 });
        foreach (var placeValue in new[] { false, true })
        {
            var z = Logits(3, 8, V).requires_grad_();
            var loss = Dist2Loss.Compute(z, y, digits, new Dist2Options(alpha, tau, variant, placeValue)).Loss;
            var gradient = autograd.grad([loss], [z])[0];

            var labels = y.data<long>().ToArray();
            double[] w = placeValue ? [0, 2, 1, 0, 2, 1, 0, 1] : [0, 1, 1, 0, 1, 1, 0, 1];
            var big = w.Sum();
            var nce = labels.Count(l => l != Ignore);
            var p = z.detach().softmax(1);
            var idx = tensor(Ids);
            var expected = zeros(8, V, float64);
            for (var n = 0; n < 8; n++)
            {
                if (labels[n] == Ignore) continue;
                var term = p[n].clone();
                term[labels[n]] -= 1;
                term = term / nce;
                if (w[n] > 0)
                {
                    var q = Pad(Dist2Targets.LogTarget(digits, tensor(new[] { labels[n] - 2 }), tau, float64).exp()[0], idx);
                    var model = variant == Dist2Variant.Restricted ? Pad(z.detach()[n].index_select(0, idx).softmax(0), idx) : p[n];
                    term = term + (model - q) * (alpha * w[n] / big);
                }
                expected[n] = term;
            }
            Assert.True((gradient - expected).abs().max().item<double>() < 1e-13, $"place values {placeValue}: max |error| {(gradient - expected).abs().max().item<double>()}");
            Assert.True(gradient.sum(1).abs().max().item<double>() < 1e-13);
        }
    }

    // Values [K] on V_d, zero elsewhere in the vocabulary [V].
    private static Tensor Pad(Tensor values, Tensor idx)
    {
        var padded = zeros(V, float64);
        padded.index_copy_(0, idx, values);
        return padded;
    }

    [Theory]
    [InlineData(0.1, 1.0)]
    [InlineData(1.0, 2.0)]
    public void Per_position_gradients_reduce_to_the_note_s_forms(double alpha, double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var y = tensor(new long[] { 4 });
        var q = Pad(Dist2Targets.LogTarget(digits, tensor(new long[] { 2 }), tau, float64).exp()[0], tensor(Ids));
        var eY = zeros(V, float64);
        eY[4] = 1;

        var z = Logits(4, 1, V).requires_grad_();
        var gradB = autograd.grad([Dist2Loss.Compute(z, y, digits, new Dist2Options(alpha, tau, Dist2Variant.FullVocabulary)).Loss], [z])[0][0];
        var p = z.detach()[0].softmax(0);
        Assert.True((gradB - (p * (1 + alpha) - eY - q * alpha)).abs().max().item<double>() < 1e-14);

        var gradA = autograd.grad([Dist2Loss.Compute(z, y, digits, new Dist2Options(alpha, tau)).Loss], [z])[0][0];
        var restricted = Pad(z.detach()[0].index_select(0, tensor(Ids)).softmax(0), tensor(Ids));
        Assert.True((gradA - (p - eY + (restricted - q) * alpha)).abs().max().item<double>() < 1e-14);
    }

    [Theory]
    [InlineData(0.1, 1.0)]
    [InlineData(1.0, 2.0)]
    [InlineData(3.0, 0.5)]
    public void Variant_B_is_label_smoothing_by_distance(double alpha, double tau)
    {
        // CE + αKL(q‖p) = (1+α)·CE(m) − αH(q), m = (e_y + αq)/(1+α): checked per position (N_ce = W = 1).
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var z = Logits(5, 1, V);
        var loss = Dist2Loss.Compute(z, tensor(new long[] { 6 }), digits, new Dist2Options(alpha, tau, Dist2Variant.FullVocabulary)).Loss.item<double>();
        var logq = Dist2Targets.LogTarget(digits, tensor(new long[] { 4 }), tau, float64)[0];
        var q = Pad(logq.exp(), tensor(Ids));
        var eY = zeros(V, float64);
        eY[6] = 1;
        var m = (eY + q * alpha) / (1 + alpha);
        var ceM = -(m * z[0].log_softmax(0)).sum().item<double>();
        var entropy = -(logq.exp() * logq).sum().item<double>();
        Assert.Equal((1 + alpha) * ceM - alpha * entropy, loss, 13);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_distance_term_is_non_negative_and_zero_exactly_at_the_target(Dist2Variant variant, double alpha, double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var y = tensor(new long[] { 3, 6 });
        var output = Dist2Loss.Compute(Logits(6, 2, V), y, digits, new Dist2Options(alpha, tau, variant));
        Assert.True(output.DistanceSum >= 0);
        // Logits on V_d equal to log q (plus any shift): p̃ = q, KL = 0. For (B) the mass off V_d must also vanish.
        var z = Logits(7, 2, V);
        var logq = Dist2Targets.LogTarget(digits, tensor(new long[] { 1, 4 }), tau, float64);
        z.index_copy_(1, tensor(Ids), logq + 2.5);
        if (variant == Dist2Variant.FullVocabulary) z.index_fill_(1, tensor(new long[] { 0, 1, 8 }), -1e4);
        Assert.True(Math.Abs(Dist2Loss.Compute(z, y, digits, new Dist2Options(alpha, tau, variant)).DistanceSum) < 1e-12);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Shifting_all_logits_changes_nothing_and_A_ignores_logits_off_the_sub_vocabulary(Dist2Variant variant, double alpha, double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var options = new Dist2Options(alpha, tau, variant, placeValueWeights: true);
        var z = Logits(8, 2, 4, V);
        var y = Labels().reshape(2, 4);
        var reference = Dist2Loss.Compute(z, y, digits, options);
        Assert.Equal(reference.Loss.item<double>(), Dist2Loss.Compute(z + 3.25, y, digits, options).Loss.item<double>(), 12);
        if (variant != Dist2Variant.Restricted) return;
        var moved = z.clone();
        moved.index_copy_(2, tensor(new long[] { 0, 1, 8 }), Logits(9, 2, 4, 3));
        var other = Dist2Loss.Compute(moved, y, digits, options);
        Assert.Equal(reference.DistanceSum, other.DistanceSum, 13);
        Assert.NotEqual(reference.CrossEntropySum, other.CrossEntropySum);
    }

    [Fact]
    public void Place_weights_count_from_the_right_inside_each_run()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(new long[] { 0, 1, 1, 1, 0, 1, 1, 0, 0, 1 }).to(ScalarType.Bool).unsqueeze(0);
        Assert.Equal(new long[] { 0, 3, 2, 1, 0, 2, 1, 0, 0, 1 }, Dist2Loss.PlaceValueWeights(mask).data<long>().ToArray());
        // The normaliser is Σw = 10, and runs do not cross rows of [B, T].
        using var digits = Digits();
        var labels = tensor(new long[] { 0, 3, 4, 5, 0, 6, 7, 0, 0, 2 }).unsqueeze(0);
        var output = Dist2Loss.Compute(Logits(10, 1, 10, V), labels, digits, new Dist2Options(1, 2, placeValueWeights: true));
        Assert.Equal(10.0, output.DistanceWeight);
        var rows = tensor(new long[] { 3, 4, 5, 6 }).reshape(2, 2);
        Assert.Equal(2.0 + 1 + 2 + 1, Dist2Loss.Compute(Logits(10, 2, 2, V), rows, digits, new Dist2Options(1, 2, placeValueWeights: true)).DistanceWeight);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Ignored_and_non_metric_labels_get_no_distance_term(Dist2Variant variant, double alpha, double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var z = Logits(11, 8, V);
        var y = Labels();
        var options = new Dist2Options(alpha, tau, variant);
        var all = Dist2Loss.Compute(z, y, digits, options);
        var metricRows = tensor(new long[] { 0, 1, 4, 5 });
        var onlyMetric = Dist2Loss.Compute(z.index_select(0, metricRows), y.index_select(0, metricRows), digits, options);
        Assert.Equal(onlyMetric.DistanceSum, all.DistanceSum, 13);
        Assert.Equal(4, all.MetricTokens);
        Assert.Equal(6, all.Tokens);
        Assert.Equal(CrossEntropy(z, y).item<double>() * 6, all.CrossEntropySum, 12);
        Assert.Equal(CrossEntropy(z, y).item<double>() + alpha * all.DistanceSum / 4, all.Loss.item<double>(), 13);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    public void Uniform_target_with_the_full_softmax_is_label_smoothing_with_mass_alpha_over_one_plus_alpha(double alpha)
    {
        // With V_d = the whole vocabulary: CE + αKL(u‖p) = (1+α)·LS_ε(p) − α log V, ε = α/(1+α) (PyTorch's label_smoothing).
        using var scope = NewDisposeScope();
        using var everything = MetricVocabulary.Integers(0, (int)V);
        var z = Logits(12, 5, V);
        var y = tensor(new long[] { 0, 4, 8, 2, Ignore });
        var loss = Dist2Loss.Compute(z, y, everything, new Dist2Options(alpha, 1, Dist2Variant.FullVocabulary, target: Dist2Target.Uniform)).Loss.item<double>();
        var smoothed = nn.functional.cross_entropy(z, y, ignore_index: Ignore, label_smoothing: alpha / (1 + alpha)).item<double>();
        Assert.Equal((1 + alpha) * smoothed - alpha * Math.Log(V), loss, 12);
    }

    [Fact]
    public void The_vocab_baseline_adds_cross_entropy_over_the_restricted_softmax()
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var z = Logits(13, 8, V);
        var y = Labels();
        var loss = Dist2Loss.Compute(z, y, digits, new Dist2Options(0.5, 1, target: Dist2Target.OneHot)).Loss.item<double>();
        var metricRows = tensor(new long[] { 0, 1, 4, 5 });
        var restricted = nn.functional.cross_entropy(z.index_select(0, metricRows).index_select(1, tensor(Ids)), y.index_select(0, metricRows) - 2);
        Assert.Equal(CrossEntropy(z, y).item<double>() + 0.5 * restricted.item<double>(), loss, 13);
    }

    [Fact]
    public void Presets_carry_the_paper_s_and_the_author_code_s_settings()
    {
        Assert.Equal((0.1, 1.0), (Dist2Presets.Paper.Alpha, Dist2Presets.Paper.Tau));
        Assert.Equal((1.0, 2.0), (Dist2Presets.AuthorCode.Alpha, Dist2Presets.AuthorCode.Tau));
        Assert.Equal(Dist2Presets.AuthorCode, Dist2Presets.Named("author-code"));
        Assert.Contains("author-code", Assert.Throws<ArgumentException>(() => Dist2Presets.Named("code")).Message);
    }

    [Fact]
    public void Wrong_shapes_are_named()
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var error = Assert.Throws<ArgumentException>(() => Dist2Loss.Compute(zeros(2, 3, V, float64), zeros(2, 4, int64), digits, Dist2Presets.Paper));
        Assert.Contains("labels has shape [2, 4] but logits has shape [2, 3, 9]: expected [2, 3]", error.Message);
        Assert.Contains("outside the logits' vocabulary", Assert.Throws<ArgumentException>(() => Dist2Loss.Compute(zeros(2, 5, float64), zeros(2, int64), digits, Dist2Presets.Paper)).Message);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Gradients_match_finite_differences_in_float64(Dist2Variant variant, double alpha, double tau)
    {
        using var scope = NewDisposeScope();
        using var digits = Digits();
        var y = Labels().reshape(2, 4);
        foreach (var placeValue in new[] { false, true })
        {
            var options = new Dist2Options(alpha, tau, variant, placeValue);
            var result = GradCheck.Run(x => Dist2Loss.Compute(x[0], y, digits, options).Loss, [Logits(14, 2, 4, V)]);
            Assert.True(result.Passed, result.ToString());
            Assert.True(result.MaxAbsoluteError < 1e-8, result.ToString());
        }
    }
}
