using Research.Core.Engine;
using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>The framework CE(t, softmax z), t = (1 − α)·e_y + α·q (labo.md §1.1, §5): its gradient p − t, α = 0, both
/// uniform conventions, TF-KD_reg's teacher, padding, batching, normalisation, float64 gradient checks.</summary>
public sealed class LabelRegularizationTests
{
    private const long M = 6, K = 7;

    [Theory]
    [MemberData(nameof(LaboCases.All), MemberType = typeof(LaboCases))]
    public void The_logit_gradient_is_p_minus_t(string name)
    {
        using var scope = NewDisposeScope();
        var smoothing = LaboCases.Named(name);
        var (z, y) = (LaboCases.Logits(20, M, K).requires_grad_(), LaboCases.NonSpecialTargets(20, K, M));
        const double alpha = 0.3;
        using var loss = LabelRegularization.Compute(z, y, new LabelRegularizationOptions(alpha, smoothing, LossNormalization.Sum));
        loss.Loss.backward();
        var t = nn.functional.one_hot(y, K).to(float64) * (1 - alpha) + smoothing.Distribution(z, y) * alpha;
        var expected = z.detach().softmax(1) - t;
        Assert.True(z.grad!.allclose(expected, rtol: 0, atol: 1e-12), $"max error {(z.grad! - expected).abs().max().item<double>():E2}");
        // The value is the cross entropy against t.
        var ce = -(t * z.detach().log_softmax(1)).sum().item<double>();
        Assert.Equal(ce, loss.Loss.item<double>(), 1e-10);
    }

    [Theory]
    [MemberData(nameof(LaboCases.All), MemberType = typeof(LaboCases))]
    public void Alpha_zero_is_cross_entropy(string name)
    {
        using var scope = NewDisposeScope();
        var (z, y) = (LaboCases.Logits(21, M, K), LaboCases.Targets(21, K, M));
        using var loss = LabelRegularization.Compute(z, y, new LabelRegularizationOptions(0, LaboCases.Named(name)));
        Assert.Equal(nn.functional.cross_entropy(z, y).item<double>(), loss.Loss.item<double>(), 1e-14);
        Assert.Equal(0.0, loss.SmoothingSum.item<double>());
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public void The_pytorch_convention_is_cross_entropy_with_label_smoothing_and_fairseq_is_it_at_alpha_K_over_K_minus_1(double alpha)
    {
        using var scope = NewDisposeScope();
        var (z, y) = (LaboCases.Logits(22, M, K), LaboCases.Targets(22, K, M));
        using var pytorch = LabelRegularization.Compute(z, y, new LabelRegularizationOptions(alpha, new UniformSmoothing(UniformConvention.PyTorch)));
        Assert.Equal(nn.functional.cross_entropy(z, y, label_smoothing: alpha).item<double>(), pytorch.Loss.item<double>(), 1e-12);
        using var fairseq = LabelRegularization.Compute(z, y, new LabelRegularizationOptions(alpha, new UniformSmoothing(UniformConvention.Fairseq)));
        Assert.Equal(LaboCases.FairseqLabelSmoothedNll(z, y, alpha).mean().item<double>(), fairseq.Loss.item<double>(), 1e-12);
        Assert.Equal(nn.functional.cross_entropy(z, y, label_smoothing: alpha * K / (K - 1)).item<double>(), fairseq.Loss.item<double>(), 1e-12);
    }

    [Fact]
    public void Tf_kd_reg_smooths_towards_the_softmax_of_the_designed_teacher()
    {
        using var scope = NewDisposeScope();
        var (z, y) = (LaboCases.Logits(23, M, K), LaboCases.Targets(23, K, M));
        var designed = full([M, K], 0.01 / (K - 1), float64).scatter(1, y.unsqueeze(1), full([M, 1], 0.99, float64));
        var expected = (designed / 20.0).softmax(1);
        Assert.True(new TeacherFreeSmoothing(0.99, 20).Distribution(z, y).allclose(expected, rtol: 0, atol: 1e-15));
    }

    [Theory]
    [MemberData(nameof(LaboCases.All), MemberType = typeof(LaboCases))]
    public void Padding_contributes_nothing_to_the_loss_or_the_gradient(string name)
    {
        using var scope = NewDisposeScope();
        var options = new LabelRegularizationOptions(0.3, LaboCases.Named(name));
        var z = LaboCases.Logits(24, 2, 5, K).requires_grad_();
        var y = LaboCases.NonSpecialTargets(24, K, 10).reshape(2, 5);
        var mask = tensor(new[] { true, true, true, false, false, true, true, true, true, false }).reshape(2, 5);
        var yPadded = where(mask, y, tensor(-100L));                       // ignore ids need not be classes
        using var loss = LabelRegularization.Compute(z, yPadded, options, mask);
        loss.Loss.backward();
        var padGrad = z.grad!.masked_select(mask.logical_not().unsqueeze(2).expand(2, 5, K));
        Assert.Equal(0.0, padGrad.abs().max().item<double>());
        Assert.Equal(7.0, loss.Count.item<double>());

        // Changing the logits at padding changes nothing; the loss equals that of the scored rows alone.
        var changed = where(mask.unsqueeze(2), z.detach(), tensor(1e3, float64));
        using var again = LabelRegularization.Compute(changed, yPadded, options, mask);
        Assert.Equal(loss.Loss.item<double>(), again.Loss.item<double>(), 1e-14);
        var rows = mask.reshape(-1).nonzero().squeeze(1);
        using var alone = LabelRegularization.Compute(z.detach().reshape(-1, K).index_select(0, rows), y.reshape(-1).index_select(0, rows), options);
        Assert.Equal(alone.Loss.item<double>(), loss.Loss.item<double>(), 1e-12);
    }

    [Theory]
    [MemberData(nameof(LaboCases.All), MemberType = typeof(LaboCases))]
    public void A_batch_of_sequences_equals_a_loop_over_its_positions(string name)
    {
        using var scope = NewDisposeScope();
        var options = new LabelRegularizationOptions(0.2, LaboCases.Named(name), LossNormalization.Sum);
        var z = LaboCases.Logits(25, 3, 4, K);
        var y = LaboCases.NonSpecialTargets(25, K, 12).reshape(3, 4);
        using var batched = LabelRegularization.Compute(z, y, options);
        var loop = 0.0;
        var nll = 0.0;
        for (var b = 0; b < 3; b++)
            for (var t = 0; t < 4; t++)
            {
                using var one = LabelRegularization.Compute(z[b, t].unsqueeze(0), y[b, t].unsqueeze(0), options);
                loop += one.Loss.item<double>();
                nll += one.NllSum.item<double>();
            }
        Assert.Equal(loop, batched.Loss.item<double>(), 1e-11);
        Assert.Equal(nll, batched.NllSum.item<double>(), 1e-11);
    }

    [Fact]
    public void Per_scored_normalisation_divides_the_sum_by_the_count()
    {
        using var scope = NewDisposeScope();
        var (z, y) = (LaboCases.Logits(26, M, K), LaboCases.Targets(26, K, M));
        var smoothing = LaboRSmoothing.Penalty(2);
        using var mean = LabelRegularization.Compute(z, y, new LabelRegularizationOptions(0.1, smoothing));
        using var sum = LabelRegularization.Compute(z, y, new LabelRegularizationOptions(0.1, smoothing, LossNormalization.Sum));
        Assert.Equal(sum.Loss.item<double>() / M, mean.Loss.item<double>(), 1e-14);
        Assert.Equal(sum.Loss.item<double>(), mean.LossSum.item<double>(), 1e-14);
        Assert.Equal(0.9 * sum.NllSum.item<double>() + 0.1 * sum.SmoothingSum.item<double>(), sum.Loss.item<double>(), 1e-12);
    }

    [Theory]
    [MemberData(nameof(LaboCases.All), MemberType = typeof(LaboCases))]
    public void Float64_gradients_match_finite_differences(string name)
    {
        const double alpha = 0.3;
        var smoothing = LaboCases.Named(name);
        var options = new LabelRegularizationOptions(alpha, smoothing);
        using var scope = NewDisposeScope();
        var y = LaboCases.NonSpecialTargets(27, K, 8).reshape(2, 4);
        var mask = tensor(new[] { true, true, false, true, true, true, true, false }).reshape(2, 4);
        var scored = mask.reshape(-1).to(float64);

        // q* moves with the logits that finite differences perturb. By the envelope theorem (labo.md §1.2) the
        // autograd gradient p − t is that of the inner problem's value: for the penalty form the loss minus
        // α·T·H(q*); for the budget form (H(q*) fixed at h) and for constant q, the loss itself.
        Tensor Value(Tensor z)
        {
            var loss = LabelRegularization.Compute(z, y, options, mask).Loss;
            if (smoothing is not LaboRSmoothing { Solver: null } labo) return loss;
            var q = labo.Distribution(z.reshape(-1, K), y.reshape(-1));
            var entropy = -(q * q.clamp_min(1e-300).log()).sum(1);
            return loss - (entropy * scored).sum() / scored.sum() * (alpha * labo.Temperature);
        }

        var result = GradCheck.Run(x => Value(x[0]), [LaboCases.Logits(27, 2, 4, K)]);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Wrong_shapes_and_values_are_named()
    {
        using var scope = NewDisposeScope();
        var options = new LabelRegularizationOptions(0.1, new UniformSmoothing());
        var e = Assert.Throws<ArgumentException>(() => LabelRegularization.Compute(zeros(4, 10), zeros([4, 3], ScalarType.Int64), options));
        Assert.Contains("targets have shape [4, 3] (Int64) but logits have shape [4, 10]: expected int64 [4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => LabelRegularization.Compute(zeros(4, 10), tensor(new long[] { 0, 1, 10, 2 }), options));
        Assert.Contains("targets range over [0, 10]: expected class ids in [0, 9]", e.Message);
        e = Assert.Throws<ArgumentException>(() => LabelRegularization.Compute(zeros(2, 3, 10), zeros([2, 3], ScalarType.Int64), options, ones(2, 3)));
        Assert.Contains("mask has shape [2, 3] (Float32) but logits have shape [2, 3, 10]: expected bool [2, 3]", e.Message);
        Assert.Contains("alpha must be in [0, 1], got 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => new LabelRegularizationOptions(1.5, new UniformSmoothing())).Message);
        Assert.Contains("entropyRatio r must be in (0, 1), got 1", Assert.Throws<ArgumentOutOfRangeException>(() => LaboRSmoothing.Budget(1)).Message);
        e = Assert.Throws<ArgumentException>(() => LaboRSmoothing.Penalty(1, [12]).Distribution(zeros(2, 10), zeros([2], ScalarType.Int64)));
        Assert.Contains("special id 12 is out of range for logits with 10 classes", e.Message);
    }
}
