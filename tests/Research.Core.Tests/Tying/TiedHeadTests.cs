using Research.Core.Engine;
using Research.Core.Losses;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Tying;

/// <summary>Invariants 5 (α = 0), 7, 8, 9 and 12 of tying.md §5, on the real language model.</summary>
public sealed class TiedHeadTests
{
    private static LstmLanguageModel Model(bool tied, bool bias = true, int hidden = 3, TyingMismatch mismatch = TyingMismatch.Error, double dropout = 0) =>
        new(new LstmLanguageModelConfig(Vocabulary: 7, EmbeddingSize: 3, HiddenSize: hidden, Layers: 2, Dropout: dropout, Tied: tied, OutputBias: bias, Mismatch: mismatch));

    public static TheoryData<int, int, bool> Sizes() => new() { { 10_000, 200, true }, { 10_000, 200, false }, { 5_000, 64, true }, { 5_000, 64, false } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Tying_saves_exactly_V_times_d_plus_V_without_bias(int vocabulary, int d, bool keepBias)
    {
        using var untied = new LstmLanguageModel(new(vocabulary, d, d, OutputBias: true));
        using var tied = new LstmLanguageModel(new(vocabulary, d, d, Tied: true, OutputBias: keepBias));
        Assert.Equal((long)vocabulary * d + (keepBias ? 0 : vocabulary), untied.parameters().Sum(p => p.numel()) - tied.parameters().Sum(p => p.numel()));
        if (vocabulary == 10_000)
        {
            // The paper's small PTB model: 4.65M untied, 2.65M tied with the bias (Press and Wolf), 2.64M without.
            Assert.Equal(4_653_200, untied.parameters().Sum(p => p.numel()));
            Assert.Equal(keepBias ? 2_653_200 : 2_643_200, tied.parameters().Sum(p => p.numel()));
        }
    }

    [Fact]
    public void Tied_logits_are_h_times_E_transposed_and_share_storage()
    {
        using var model = Model(tied: true);
        using var scope = NewDisposeScope();
        var head = (TiedLinearHead)model.decoder;
        Assert.Same(model.Embedding, head.weight);
        var h = randn(5, 3);
        var (z, logits) = head.call(h);
        Assert.True(z.allclose(h.matmul(model.Embedding.T)));
        Assert.True(logits.allclose(z + head.bias!));
        using (no_grad()) model.Embedding[4].fill_(0.25);           // mutate row k = 4
        var (z2, _) = head.call(h);
        Assert.True(z2.select(1, 4).allclose(h.sum(1) * 0.25));            // logit column 4 changed
        Assert.Equal(new float[] { 0.25f, 0.25f, 0.25f }, model.encoder.call(tensor(new long[] { 4 }))[0].data<float>().ToArray());
    }

    [Fact]
    public void The_state_dict_has_pytorch_s_keys_and_the_optimizer_sees_the_shared_matrix_once()
    {
        using var model = Model(tied: true);
        using var scope = NewDisposeScope();
        string[] rnn = [.. Enumerable.Range(0, 2).SelectMany(l => new[] { $"rnn.weight_ih_l{l}", $"rnn.weight_hh_l{l}", $"rnn.bias_ih_l{l}", $"rnn.bias_hh_l{l}" })];
        Assert.Equal(["encoder.weight", .. rnn, "decoder.bias", "decoder.weight"], model.state_dict().Keys);
        Assert.Equal(["encoder.weight", .. rnn, "decoder.bias"], model.named_parameters().Select(p => p.name));
        // One SGD step moves E by lr·grad once (a second registration of the matrix would move it twice).
        var before = model.Embedding.detach().clone();
        using var sgd = optim.SGD(model.parameters(), 0.5);
        nn.functional.cross_entropy(model.call(tensor(new long[] { 1, 2, 1, 3, 2, 5 }, [3, 2]), null).Logits, tensor(new long[] { 2, 1, 3, 0, 6, 4 })).backward();
        var expected = before - model.Embedding.grad! * 0.5;
        sgd.step();
        Assert.True(model.Embedding.allclose(expected, rtol: 0, atol: 1e-7), "the tied matrix was not updated exactly once");
    }

    [Fact]
    public void Both_gradient_paths_accumulate_into_the_shared_matrix()
    {
        using var tied = Model(tied: true);
        using var untied = Model(tied: false);
        // The untied model starts from the tied one's values, its output matrix a copy of E.
        using (NewDisposeScope())
            untied.load_state_dict(tied.state_dict().ToDictionary(kv => kv.Key.Replace("decoder.", "decoder.linear."), kv => kv.Value));
        using var scope = NewDisposeScope();
        var input = tensor(new long[] { 1, 2, 1, 3, 2, 1 }, [3, 2]);    // words 0, 4, 5, 6 never occur as input
        var target = tensor(new long[] { 2, 1, 3, 0, 6, 4 });
        nn.functional.cross_entropy(tied.call(input, null).Logits, target).backward();
        nn.functional.cross_entropy(untied.call(input, null).Logits, target).backward();
        var expected = untied.Embedding.grad! + untied.decoder.weight.grad!;  // input path + output path
        Assert.True(tied.Embedding.grad!.allclose(expected, rtol: 1e-5, atol: 1e-7));
        Assert.True(tied.Embedding.grad![0].abs().sum().item<float>() > 0);      // output path only
        Assert.Equal(0f, untied.Embedding.grad![0].abs().sum().item<float>());
    }

    [Fact]
    public void Alpha_zero_reproduces_the_baseline_loss_and_gradients_bit_for_bit()
    {
        using var model = Model(tied: true);
        using var scope = NewDisposeScope();
        var input = tensor(new long[] { 1, 2, 1, 3, 2, 5 }, [3, 2]);
        var target = tensor(new long[] { 2, 1, 3, 0, 6, 4 });
        Tensor[] Gradients(double? alpha)
        {
            model.zero_grad();
            var output = model.call(input, null);
            var loss = nn.functional.cross_entropy(output.Logits, target);
            if (alpha is { } a) loss = loss + AugmentedLoss.Compute(output.LogitsWithoutBias, target, model.Embedding, new AugmentedLossOptions(a, 2.0));
            loss.backward();
            return [loss.detach(), .. model.parameters().Select(p => p.grad!.clone())];
        }
        var baseline = Gradients(null);
        var augmented = Gradients(0.0);
        for (var i = 0; i < baseline.Length; i++) Assert.True(baseline[i].Equals(augmented[i]), $"tensor {i} differs");
    }

    [Fact]
    public void The_augmented_loss_never_reaches_the_bias()
    {
        using var model = Model(tied: true);
        using var scope = NewDisposeScope();
        var output = model.call(tensor(new long[] { 1, 2, 3, 4 }, [2, 2]), null);
        AugmentedLoss.Compute(output.LogitsWithoutBias, tensor(new long[] { 0, 1, 2, 3 }), model.Embedding, new AugmentedLossOptions(1, 2.0)).backward();
        Assert.Null(model.decoder.bias!.grad);
    }

    [Fact]
    public void Mismatched_sizes_fail_clearly_unless_a_projection_or_awd_sizing_is_chosen()
    {
        var e = Assert.Throws<ArgumentException>(() => Model(tied: true, hidden: 5));
        Assert.Contains("hidden size (5) differs from the embedding size (3)", e.Message);
        using var projected = Model(tied: true, hidden: 5, mismatch: TyingMismatch.Projection);
        using var awd = Model(tied: true, hidden: 5, mismatch: TyingMismatch.LastLayerAsEmbedding);
        Assert.Equal([5L, 3L], awd.rnn.HiddenSizes);
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 6, 7 }, projected.call(tensor(new long[] { 1, 2, 3, 4, 5, 6 }, [3, 2]), null).Logits.shape);
        Assert.Equal(new long[] { 6, 7 }, awd.call(tensor(new long[] { 1, 2, 3, 4, 5, 6 }, [3, 2]), null).Logits.shape);
    }

    [Theory]
    [InlineData(TyingMismatch.Error)]
    [InlineData(TyingMismatch.Projection)]
    public void A_tied_model_moves_to_float64_whole_and_its_gradients_match_finite_differences(TyingMismatch mismatch)
    {
        manual_seed(5);
        using var model = Model(tied: true, hidden: mismatch == TyingMismatch.Projection ? 4 : 3, mismatch: mismatch);
        var names = model.named_parameters().Select(p => p.name).ToList();
        model.to(float64);
        using var scope = NewDisposeScope();
        Assert.All(model.state_dict().Values, t => Assert.Equal(ScalarType.Float64, t.dtype));
        Assert.Equal(names, model.named_parameters().Select(p => p.name));
        Assert.Same(model.Embedding, model.decoder.weight);
        var input = tensor(new long[] { 1, 2, 1, 3, 2, 5 }, [3, 2]);
        var target = tensor(new long[] { 2, 1, 3, 0, 6, 4 });
        // Finite differences move E inside the target ỹ too, so the check differentiates through the target.
        var options = new AugmentedLossOptions(0.5, 2.0, gradThroughTarget: true);
        // Cross entropy plus the augmented loss of the whole model, against finite differences in every parameter.
        var result = GradCheck.Run(() =>
        {
            var output = model.call(input, null);
            return nn.functional.cross_entropy(output.Logits, target) + AugmentedLoss.Compute(output.LogitsWithoutBias, target, model.Embedding, options);
        }, model.parameters().ToList<Tensor>());
        Assert.True(result.Passed, result.ToString());
    }
}
