using Research.Torch;
using static Research.Torch.torch;
using F = Research.Torch.torch.nn.functional;

namespace Research.Torch.Tests;

/// <summary>Modules, initialisers and functional losses against python3-torch (tests/goldens/make_nn_goldens.py).</summary>
public sealed class ModuleGoldenTests
{
    private static readonly IReadOnlyDictionary<string, Goldens.Case> Cases = Goldens.Load("nn.json");

    private static Tensor[] One(Tensor t) => [t];
    private static Tensor[] Call(nn.Module m, Tensor x) => [((nn.Module<Tensor, Tensor>)m).call(x)];

    // name -> (module factory, forward). The factory must build the same architecture as PyTorch's case.
    private static readonly Dictionary<string, (Func<nn.Module> Make, Func<nn.Module, Tensor[], Tensor[]> Run)> Modules = new()
    {
        ["linear"] = (() => new nn.Linear(5, 3), (m, x) => Call(m, x[0])),
        ["linear_nobias"] = (() => new nn.Linear(5, 3, bias: false), (m, x) => Call(m, x[0])),
        ["embedding_padding"] = (() => new nn.Embedding(6, 4, padding_idx: 0), (m, x) => Call(m, x[0])),
        ["conv2d_pad"] = (() => new nn.Conv2d(2, 3, 3, padding: 1), (m, x) => Call(m, x[0])),
        ["conv2d_stride"] = (() => new nn.Conv2d(2, 4, 2, stride: 2, bias: false), (m, x) => Call(m, x[0])),
        ["batchnorm1d_train"] = (() => new nn.BatchNorm1d(3), (m, x) => Call(m, x[0])),
        ["batchnorm1d_eval"] = (() => new nn.BatchNorm1d(3), (m, x) => Call(m, x[0])),
        ["batchnorm1d_3d_train"] = (() => new nn.BatchNorm1d(3), (m, x) => Call(m, x[0])),
        ["batchnorm2d_train"] = (() => new nn.BatchNorm2d(2), (m, x) => Call(m, x[0])),
        ["layernorm"] = (() => new nn.LayerNorm(5), (m, x) => Call(m, x[0])),
        ["dropout_train"] = (() => new nn.Dropout(0.3), (m, x) => Call(m, x[0])),
        ["dropout_eval"] = (() => new nn.Dropout(0.3), (m, x) => Call(m, x[0])),
        ["relu"] = (() => new nn.ReLU(), (m, x) => Call(m, x[0])),
        ["gelu"] = (() => new nn.GELU(), (m, x) => Call(m, x[0])),
        ["tanh"] = (() => new nn.Tanh(), (m, x) => Call(m, x[0])),
        ["sigmoid"] = (() => new nn.Sigmoid(), (m, x) => Call(m, x[0])),
        ["silu"] = (() => new nn.SiLU(), (m, x) => Call(m, x[0])),
        ["leaky_relu"] = (() => new nn.LeakyReLU(0.2), (m, x) => Call(m, x[0])),
        ["softmax"] = (() => new nn.Softmax(1), (m, x) => Call(m, x[0])),
        ["log_softmax"] = (() => new nn.LogSoftmax(1), (m, x) => Call(m, x[0])),
        ["flatten"] = (() => new nn.Flatten(), (m, x) => Call(m, x[0])),
        ["maxpool2d"] = (() => new nn.MaxPool2d(2), (m, x) => Call(m, x[0])),
        ["maxpool2d_stride_pad"] = (() => new nn.MaxPool2d(3, stride: 2, padding: 1), (m, x) => Call(m, x[0])),
        ["avgpool2d"] = (() => new nn.AvgPool2d(2), (m, x) => Call(m, x[0])),
        ["adaptive_avgpool2d"] = (() => new nn.AdaptiveAvgPool2d(2), (m, x) => Call(m, x[0])),
        ["sequential"] = (() => new nn.Sequential(new nn.Linear(5, 7), new nn.ReLU(), new nn.Linear(7, 2)), (m, x) => Call(m, x[0])),
        ["rnn_tanh"] = (() => new nn.RNN(4, 5, num_layers: 2), (m, x) => { var (o, h) = ((nn.RNN)m).call(x[0]); return [o, h]; }),
        ["rnn_batch_first_h0"] = (() => new nn.RNN(4, 5, batch_first: true), (m, x) => { var (o, h) = ((nn.RNN)m).call(x[0], x[1]); return [o, h]; }),
        ["gru"] = (() => new nn.GRU(4, 5, num_layers: 2), (m, x) => { var (o, h) = ((nn.GRU)m).call(x[0]); return [o, h]; }),
        ["lstm"] = (() => new nn.LSTM(4, 5, num_layers: 2), (m, x) => { var (o, (h, c)) = ((nn.LSTM)m).call(x[0]); return [o, h, c]; }),
        ["lstm_state"] = (() => new nn.LSTM(4, 5), (m, x) => { var (o, (h, c)) = ((nn.LSTM)m).call(x[0], (x[1], x[2])); return [o, h, c]; }),
        ["lstm_bidirectional_batch_first"] = (() => new nn.LSTM(4, 3, num_layers: 2, batch_first: true, bidirectional: true),
            (m, x) => { var (o, (h, c)) = ((nn.LSTM)m).call(x[0]); return [o, h, c]; }),
        ["mha"] = (() => new nn.MultiheadAttention(8, 2), (m, x) => { var (o, w) = ((nn.MultiheadAttention)m).call(x[0], x[0], x[0]); return [o, w!]; }),
        ["mha_masks"] = (() => new nn.MultiheadAttention(8, 2),
            (m, x) => { var (o, w) = ((nn.MultiheadAttention)m).call(x[0], x[0], x[0], key_padding_mask: x[2], attn_mask: x[1], average_attn_weights: false); return [o, w!]; }),
        ["mha_cross_batch_first"] = (() => new nn.MultiheadAttention(8, 4, batch_first: true),
            (m, x) => { var (o, w) = ((nn.MultiheadAttention)m).call(x[0], x[1], x[1]); return [o, w!]; }),
        ["encoder_layer"] = (() => new nn.TransformerEncoderLayer(8, 2, dim_feedforward: 16, dropout: 0.0),
            (m, x) => One(((nn.TransformerEncoderLayer)m).call(x[0], src_key_padding_mask: x[1]))),
        ["encoder_layer_norm_first_gelu"] = (() => new nn.TransformerEncoderLayer(8, 2, 16, 0.0, activation: "gelu", norm_first: true),
            (m, x) => One(((nn.TransformerEncoderLayer)m).call(x[0], src_mask: x[1]))),
        ["decoder_layer"] = (() => new nn.TransformerDecoderLayer(8, 2, dim_feedforward: 16, dropout: 0.0),
            (m, x) => One(((nn.TransformerDecoderLayer)m).call(x[0], x[1], tgt_mask: x[2]))),
    };

    private static readonly Dictionary<string, Func<nn.Module>> Inits = new()
    {
        ["init_linear"] = () => new nn.Linear(5, 3),
        ["init_embedding"] = () => new nn.Embedding(7, 3, padding_idx: 2),
        ["init_conv2d"] = () => new nn.Conv2d(2, 3, 3),
        ["init_lstm"] = () => new nn.LSTM(4, 5, num_layers: 2),
        ["init_gru"] = () => new nn.GRU(3, 4),
    };

    private static readonly Dictionary<string, Func<Tensor[], Tensor[]>> Functional = new()
    {
        ["cross_entropy"] = x => One(F.cross_entropy(x[0], x[1])),
        ["cross_entropy_weight_sum"] = x => One(F.cross_entropy(x[0], x[1], weight: x[2], reduction: Reduction.Sum)),
        ["cross_entropy_ignore_index"] = x => One(F.cross_entropy(x[0], x[1])),
        ["cross_entropy_label_smoothing"] = x => One(F.cross_entropy(x[0], x[1], label_smoothing: 0.1)),
        ["cross_entropy_none"] = x => One(F.cross_entropy(x[0], x[1], reduction: Reduction.None)),
        ["cross_entropy_probabilities"] = x => One(F.cross_entropy(x[0], x[1])),
        ["cross_entropy_spatial"] = x => One(F.cross_entropy(x[0], x[1])),
        ["nll_loss"] = x => One(F.nll_loss(x[0].log_softmax(1), x[1])),
        ["kl_div_mean"] = x => One(F.kl_div(x[0].log_softmax(1), x[1])),
        ["kl_div_batchmean"] = x => One(F.kl_div_batchmean(x[0].log_softmax(1), x[1])),
        ["kl_div_log_target_sum"] = x => One(F.kl_div(x[0].log_softmax(1), x[1].log(), Reduction.Sum, log_target: true)),
        ["mse_loss"] = x => One(F.mse_loss(x[0], x[1])),
        ["l1_loss_sum"] = x => One(F.l1_loss(x[0], x[1], Reduction.Sum)),
        ["bce_with_logits"] = x => One(F.binary_cross_entropy_with_logits(x[0], x[1])),
        ["bce_with_logits_pos_weight"] = x => One(F.binary_cross_entropy_with_logits(x[0], x[1], pos_weight: x[2])),
        ["pad_constant"] = x => One(F.pad(x[0], [1, 2], value: 0.5)),
        ["pad_reflect"] = x => One(F.pad(x[0], [1, 1, 2, 0], "reflect")),
        ["pad_replicate"] = x => One(F.pad(x[0], [2, 0, 1, 1], "replicate")),
        ["normalize"] = x => One(F.normalize(x[0], dim: 1)),
        ["normalize_p1_dim0"] = x => One(F.normalize(x[0], p: 1.0, dim: 0)),
        ["cosine_similarity"] = x => One(F.cosine_similarity(x[0], x[1])),
        ["one_hot"] = x => One(F.one_hot(x[0], 5)),
    };

    public static TheoryData<string> Names() => new(Cases.Keys.Order());

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_pytorch(string name)
    {
        var c = Cases[name];
        using var scope = NewDisposeScope();
        switch (c.Raw.GetProperty("kind").GetString())
        {
            case "forward":
                Assert.True(Modules.ContainsKey(name), $"golden case '{name}' has no C# module");
                var (make, run) = Modules[name];
                using (var module = make())
                {
                    module.load_state_dict(Goldens.State(c, "state"));
                    module.train(c.Raw.GetProperty("train").GetBoolean());
                    manual_seed(c.Raw.GetProperty("seed").GetInt64());
                    AssertOutputs(c, run(module, c.Inputs.Select(Goldens.ToTensor).ToArray()));
                    if (c.Raw.TryGetProperty("state_after", out _))
                        AssertState(c, "state_after", module);
                }
                break;
            case "init":
                Assert.True(Inits.ContainsKey(name), $"golden case '{name}' has no C# initialiser");
                manual_seed(c.Raw.GetProperty("seed").GetInt64());
                using (var module = Inits[name]()) AssertState(c, "state", module);
                break;
            default:
                Assert.True(Functional.ContainsKey(name), $"golden case '{name}' has no C# function");
                AssertOutputs(c, Functional[name](c.Inputs.Select(Goldens.ToTensor).ToArray()));
                break;
        }
    }

    private static void AssertOutputs(Goldens.Case c, Tensor[] outputs)
    {
        Assert.Equal(c.Outputs.Length, outputs.Length);
        for (var i = 0; i < outputs.Length; i++)
            Goldens.AssertMatches(c.Outputs[i], outputs[i], $"{c.Name}[{i}]", rtol: 1e-4, atol: 1e-5);
    }

    private static void AssertState(Goldens.Case c, string property, nn.Module module)
    {
        var expected = c.Raw.GetProperty(property);
        var actual = module.state_dict();
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), actual.Keys.Order());
        foreach (var p in expected.EnumerateObject())
            Goldens.AssertMatches(p.Value, actual[p.Name], $"{c.Name}.{p.Name}");
    }

    [Fact]
    public void Every_csharp_case_has_a_golden() =>
        Assert.Empty(Modules.Keys.Concat(Inits.Keys).Concat(Functional.Keys).Except(Cases.Keys));
}
