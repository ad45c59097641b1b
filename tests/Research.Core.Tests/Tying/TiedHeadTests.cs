using Research.Core.Losses;
using Research.Core.Models;
using Research.Torch;
using static Research.Torch.torch;

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
        Assert.Equal((long)vocabulary * d + (keepBias ? 0 : vocabulary), untied.num_parameters() - tied.num_parameters());
        if (vocabulary == 10_000)
        {
            // The paper's small PTB model: 4.65M untied, 2.65M tied with the bias (Press and Wolf), 2.64M without.
            Assert.Equal(4_653_200, untied.num_parameters());
            Assert.Equal(keepBias ? 2_653_200 : 2_643_200, tied.num_parameters());
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
        Assert.True(z2[.., 4].allclose(h.sum(1) * 0.25));            // logit column 4 changed
        Assert.Equal(new float[] { 0.25f, 0.25f, 0.25f }, model.encoder.call(tensor(new long[] { 4 }))[0].ToArray<float>());
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
        nn.functional.cross_entropy(tied.call(input).Logits, target).backward();
        nn.functional.cross_entropy(untied.call(input).Logits, target).backward();
        var expected = untied.Embedding.grad! + untied.decoder.weight.grad!;  // input path + output path
        Assert.True(tied.Embedding.grad!.allclose(expected, rtol: 1e-5, atol: 1e-7));
        Assert.True(tied.Embedding.grad![0].abs().sum().item() > 0);      // output path only
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
            var output = model.call(input);
            var loss = nn.functional.cross_entropy(output.Logits, target);
            if (alpha is { } a) loss = loss + AugmentedLoss.Compute(output.LogitsWithoutBias, target, model.Embedding, new AugmentedLossOptions(a, 2.0));
            loss.backward();
            return [loss.detach(), .. model.parameters().Select(p => p.grad!.clone())];
        }
        var baseline = Gradients(null);
        var augmented = Gradients(0.0);
        for (var i = 0; i < baseline.Length; i++) Assert.True(baseline[i].equal(augmented[i]), $"tensor {i} differs");
    }

    [Fact]
    public void The_augmented_loss_never_reaches_the_bias()
    {
        using var model = Model(tied: true);
        using var scope = NewDisposeScope();
        var output = model.call(tensor(new long[] { 1, 2, 3, 4 }, [2, 2]));
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
        Assert.Equal(new long[] { 6, 7 }, projected.call(tensor(new long[] { 1, 2, 3, 4, 5, 6 }, [3, 2])).Logits.shape);
        Assert.Equal(new long[] { 6, 7 }, awd.call(tensor(new long[] { 1, 2, 3, 4, 5, 6 }, [3, 2])).Logits.shape);
    }
}
