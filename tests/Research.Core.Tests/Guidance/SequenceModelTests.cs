using Research.Core.Data.Synthetic;
using Research.Core.Engine;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>The copy-task pair: a stacked tanh RNN target and a small causal Transformer guide.</summary>
public sealed class SequenceModelTests
{
    [Fact]
    public void The_RNN_records_one_layer_per_stacked_RNN_and_the_Transformer_five_per_block()
    {
        manual_seed(1);
        using var rnn = new SequenceRnn(new SequenceRnnConfig(CopyTask.VocabularySize, Embedding: 8, Hidden: 12, Layers: 4));
        using var transformer = new CausalTransformer(new CausalTransformerConfig(CopyTask.VocabularySize, Model: 16, Heads: 4, FeedForward: 32, Layers: 2));
        using var scope = NewDisposeScope();
        var tokens = randint(0, CopyTask.VocabularySize, [3, 7], dtype: ScalarType.Int64);
        using var r = new LayerRecorder(rnn) { Enabled = true, BatchSize = 3 };
        Assert.Equal([3L, 7, CopyTask.VocabularySize], rnn.call(tokens).shape);
        Assert.Equal(["layers.0 [3, 7, 12]", "layers.1 [3, 7, 12]", "layers.2 [3, 7, 12]", "layers.3 [3, 7, 12]"], r.Describe().Select(s => s.Trim()[2..]));
        using var t = new LayerRecorder(transformer) { Enabled = true, BatchSize = 3 };
        transformer.eval();
        Assert.Equal([3L, 7, CopyTask.VocabularySize], transformer.call(tokens).shape);
        Assert.Equal(10, t.Layers.Count);
        Assert.Equal("blocks.0.attention[0]", t.Layers[0].Name);                   // the weights (null, need_weights off) dropped
        Assert.Equal([3L, 7, 16], t.Layers[0].Activation.shape);                  // moved from [T, N, d] to batch first
    }

    [Fact]
    public void The_Transformer_is_causal()
    {
        manual_seed(2);
        using var transformer = new CausalTransformer(new CausalTransformerConfig(CopyTask.VocabularySize, Model: 16, Heads: 2, FeedForward: 32));
        transformer.eval();
        using var scope = NewDisposeScope();
        var tokens = randint(0, CopyTask.VocabularySize, [2, 9], dtype: ScalarType.Int64);
        var changed = tokens.clone();
        changed[.., 6] = changed[.., 6].add(tensor(1L)).remainder(CopyTask.VocabularySize);
        var a = transformer.call(tokens);
        var b = transformer.call(changed);
        Assert.True(a[.., ..6].allclose(b[.., ..6], rtol: 0, atol: 1e-6));
        Assert.False(a[.., 6..].allclose(b[.., 6..], rtol: 0, atol: 1e-6));
    }
}
