using Research.Torch;
using static Research.Torch.torch;
using F = Research.Torch.torch.nn.functional;

namespace Research.Torch.Tests;

/// <summary>Gradients of every module (input and parameters) and of the functional losses, against finite differences in float64.</summary>
public sealed class ModuleGradientTests
{
    private static Tensor Input(int seed, params long[] shape)
    {
        manual_seed(seed);
        return randn(shape, float64);
    }

    // name -> (module, input, how to call it). Each module's output is reduced by the checker's random projection.
    private static readonly (string Name, Func<nn.Module> Make, Func<Tensor> Input, Func<nn.Module, Tensor, Tensor> Run)[] Modules =
    [
        ("linear", () => new nn.Linear(4, 3), () => Input(1, 2, 4), (m, x) => ((nn.Linear)m).call(x)),
        ("conv2d", () => new nn.Conv2d(2, 3, 3, stride: 2, padding: 1), () => Input(2, 1, 2, 5, 5), (m, x) => ((nn.Conv2d)m).call(x)),
        ("batchnorm1d", () => new nn.BatchNorm1d(3), () => Input(3, 5, 3), (m, x) => ((nn.BatchNorm1d)m).call(x)),
        ("batchnorm2d", () => new nn.BatchNorm2d(2), () => Input(4, 3, 2, 2, 2), (m, x) => ((nn.BatchNorm2d)m).call(x)),
        ("layernorm", () => new nn.LayerNorm(4), () => Input(5, 3, 4), (m, x) => ((nn.LayerNorm)m).call(x)),
        ("rnn", () => new nn.RNN(3, 4, num_layers: 2), () => Input(6, 4, 2, 3), (m, x) => ((nn.RNN)m).call(x).Output),
        ("gru", () => new nn.GRU(3, 4), () => Input(7, 4, 2, 3), (m, x) => ((nn.GRU)m).call(x).H),
        ("lstm", () => new nn.LSTM(3, 4, num_layers: 2), () => Input(8, 4, 2, 3), (m, x) => ((nn.LSTM)m).call(x).State.C),
        ("lstm_bidirectional", () => new nn.LSTM(3, 2, bidirectional: true, batch_first: true), () => Input(9, 2, 3, 3), (m, x) => ((nn.LSTM)m).call(x).Output),
        ("mha_causal", () => new nn.MultiheadAttention(4, 2), () => Input(10, 3, 2, 4),
            (m, x) => ((nn.MultiheadAttention)m).call(x, x, x, attn_mask: nn.generate_square_subsequent_mask(3).to(float64)).Output),
        ("encoder_layer", () => new nn.TransformerEncoderLayer(4, 2, dim_feedforward: 6, dropout: 0), () => Input(11, 3, 2, 4),
            (m, x) => ((nn.TransformerEncoderLayer)m).call(x)),
        ("decoder_layer", () => new nn.TransformerDecoderLayer(4, 2, dim_feedforward: 6, dropout: 0), () => Input(12, 3, 2, 4),
            (m, x) => ((nn.TransformerDecoderLayer)m).call(x, x * 0.5)),
        ("sequential_tanh", () => new nn.Sequential(new nn.Linear(3, 5), new nn.Tanh(), new nn.Linear(5, 2)), () => Input(13, 4, 3),
            (m, x) => ((nn.Sequential)m).call(x)),
    ];

    public static TheoryData<string> ModuleNames() => new(Modules.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Module_gradients_match_finite_differences(string name)
    {
        var (_, make, input, run) = Modules.Single(m => m.Name == name);
        using var module = make();
        module.to(float64);
        using var scope = NewDisposeScope();
        var x = input().requires_grad_();
        var leaves = module.parameters().Prepend(x).ToList();
        var result = autograd.gradcheck(() => run(module, x), leaves);
        Assert.True(result.Passed, $"{name}: {result}");
    }

    [Fact]
    public void Embedding_gradient_matches_and_skips_the_padding_row()
    {
        using var plain = new nn.Embedding(5, 3);
        plain.to(float64);
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 0, 1, 1, 4, 0 });
        var result = autograd.gradcheck(() => plain.call(ids).square(), [plain.weight]);
        Assert.True(result.Passed, result.ToString());
        using var embedding = new nn.Embedding(5, 3, padding_idx: 1);
        embedding.to(float64);
        embedding.call(ids).sum().backward();
        Assert.Equal(new double[] { 0, 0, 0 }, embedding.weight.grad![1].ToArray<double>());
        Assert.Equal(new double[] { 2, 2, 2 }, embedding.weight.grad![0].ToArray<double>());
    }

    private static readonly Tensor Labels = tensor(new long[] { 2, 0, 1 }).DetachFromDisposeScope();
    private static readonly Tensor Mask = tensor(new[] { 1.0, 0.0, 1.0, 1.0, 0.0, 0.0 }, [3, 2]).DetachFromDisposeScope();

    private static readonly (string Name, Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs)[] Losses =
    [
        ("cross_entropy", x => F.cross_entropy(x[0], Labels), () => [Input(20, 3, 4)]),
        ("cross_entropy_weighted_smoothed", x => F.cross_entropy(x[0], Labels, weight: tensor(new[] { 1.0, 2.0, 0.5, 1.0 }), label_smoothing: 0.2), () => [Input(21, 3, 4)]),
        ("cross_entropy_soft_targets", x => F.cross_entropy(x[0], x[1].softmax(1)), () => [Input(22, 3, 4), Input(23, 3, 4)]),
        ("nll_loss_sum", x => F.nll_loss(x[0].log_softmax(1), Labels, reduction: Reduction.Sum), () => [Input(24, 3, 4)]),
        ("kl_div", x => F.kl_div(x[0].log_softmax(1), x[1].softmax(1)), () => [Input(25, 3, 4), Input(26, 3, 4)]),
        ("kl_div_log_target", x => F.kl_div_batchmean(x[0].log_softmax(1), x[1].log_softmax(1), log_target: true), () => [Input(27, 3, 4), Input(28, 3, 4)]),
        ("mse_loss", x => F.mse_loss(x[0], x[1]), () => [Input(29, 3, 2), Input(30, 3, 2)]),
        ("l1_loss", x => F.l1_loss(x[0], x[1], Reduction.Sum), () => [Input(31, 3, 2), Input(32, 3, 2)]),
        ("bce_with_logits", x => F.binary_cross_entropy_with_logits(x[0], Mask, pos_weight: tensor(new[] { 2.0, 0.5 })), () => [Input(33, 3, 2)]),
        ("pad_reflect", x => F.pad(x[0], [1, 1], "reflect"), () => [Input(34, 1, 2, 4)]),
        ("normalize", x => F.normalize(x[0], dim: 1), () => [Input(35, 3, 4)]),
        ("cosine_similarity", x => F.cosine_similarity(x[0], x[1]), () => [Input(36, 3, 4), Input(37, 3, 4)]),
        ("dropout_eval", x => F.dropout(x[0], 0.5, training: false), () => [Input(38, 3, 4)]),
    ];

    public static TheoryData<string> LossNames() => new(Losses.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Loss_gradients_match_finite_differences(string name)
    {
        var (_, f, inputs) = Losses.Single(l => l.Name == name);
        using var scope = NewDisposeScope();
        var result = autograd.gradcheck(f, inputs());
        Assert.True(result.Passed, $"{name}: {result}");
    }
}
