using Research.Core.Data.Synthetic;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>Guidance on the copy task: an RNN target, a causal Transformer guide, the loss on scored positions only.</summary>
public sealed class SequenceGuidanceTests(ITestOutputHelper output)
{
    private static SequenceRnn Rnn() => new(new SequenceRnnConfig(CopyTask.VocabularySize, Embedding: 8, Hidden: 16, Layers: 2));
    private static CausalTransformer Transformer() => new(new CausalTransformerConfig(CopyTask.VocabularySize, Model: 16, Heads: 2, FeedForward: 32, Layers: 2));

    [Fact]
    public void The_loss_is_cross_entropy_on_the_scored_positions_plus_the_summed_alignment()
    {
        manual_seed(1);
        using var target = Rnn();
        using var guide = Transformer();
        using var objective = new SequenceGuidanceObjective(target, guide);
        using var batch = CopyTask.Collate(CopyTask.Generate(12, seed: 2, minLength: 3, maxLength: 6));
        using var scope = NewDisposeScope();
        objective.StartPass(training: true);
        var output = objective.Compute(batch);
        // 10 guide layers (5 per block) onto 2 RNN layers: round(i/9) is 0 for i ≤ 4, then 1; the last of each wins.
        Assert.Equal(["layers.0 ← blocks.0.norm2", "layers.1 ← blocks.1.norm2"], objective.PairNames);
        var scored = batch.Scored.sum().item<long>();
        Assert.Equal(scored, output.Sums.Count);
        var logits = target.call(batch.Input.Tokens);
        var mask = batch.Scored;
        var ce = nn.functional.cross_entropy(logits[mask], batch.Target[mask]).item<float>();
        Assert.Equal(ce + output.Sums.Terms["alignment"] / scored, output.Loss.item<float>(), 4);
        Assert.InRange(output.Sums.Terms["alignment"] / scored, 0.0, 2.0);
        Assert.Throws<ArgumentException>(() => new SequenceGuidanceObjective(target, guide, new GuidanceOptions(noiseToGuide: true)));
    }

    [Fact]
    public void Guided_training_on_the_copy_task_raises_the_RNN_s_CKA_with_the_guide()
    {
        manual_seed(3);
        using var target = Rnn();
        using var guide = Transformer();
        using var objective = new SequenceGuidanceObjective(target, guide);
        var examples = CopyTask.Generate(256, seed: 4, minLength: 3, maxLength: 6);
        var source = new SequenceBatches(examples, 32, CopyTask.Blank);
        var history = new Trainer<SequenceBatch>(target, objective, new TrainerOptions(4, p => optim.Adam(p, lr: 3e-3), RestoreBest: false)).Fit(source);
        var first = history[0].Train.Mean("alignment");
        var last = history[^1].Train.Mean("alignment");
        output.WriteLine($"alignment term per epoch: {string.Join(" ", history.Select(e => e.Train.Mean("alignment").ToString("F4")))}; CE {string.Join(" ", history.Select(e => e.Train.Mean("ce").ToString("F3")))}");
        Assert.True(last < first, $"alignment {first:F4} → {last:F4}");
        Assert.True(history[^1].Train.Mean("ce") < history[0].Train.Mean("ce"));
    }
}
