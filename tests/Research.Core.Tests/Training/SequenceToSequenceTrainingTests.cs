using Research.Core.Data.Loading;
using Research.Core.Data.Synthetic;
using Research.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using DataLoader = Research.Core.Data.Loading.DataLoader<Research.Core.Data.Synthetic.SequenceExample, Research.Core.Data.Synthetic.SequenceBatch>;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Training;

/// <summary>
/// Sequence-to-sequence fits the one trainer unchanged: a test-local model and objective for the copy task
/// (a paper brings exactly these two and a data source) train through <see cref="Trainer{TBatch}"/>.
/// </summary>
public sealed class SequenceToSequenceTrainingTests(ITestOutputHelper output)
{
    /// <summary>Embedding, GRU and a per-step classifier: token ids [b, t] -> logits [b, t, V].</summary>
    private sealed class CopyModel : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embedding = nn.Embedding(CopyTask.VocabularySize, 16);
        private readonly GRU gru;
        private readonly Linear classifier;

        public CopyModel(int hidden) : base(nameof(CopyModel))
        {
            gru = nn.GRU(16, hidden, batchFirst: true);
            classifier = nn.Linear(hidden, CopyTask.VocabularySize);
            RegisterComponents();
        }

        public override Tensor forward(Tensor tokens)
        {
            var (states, _) = gru.call(embedding.call(tokens), null);   // [b, t, H]
            return classifier.call(states);                             // [b, t, V]
        }
    }

    /// <summary>Cross entropy on the scored positions only (the copied digits and EOS), counted per scored token.</summary>
    private sealed class CopyObjective(CopyModel model) : IObjective<SequenceBatch>
    {
        public ObjectiveOutput Compute(SequenceBatch batch)
        {
            var logits = model.call(batch.Input.Tokens).reshape(-1, CopyTask.VocabularySize);   // [b·t, V]
            var positions = batch.Scored.reshape(-1).nonzero().squeeze(1);                      // [M]
            var scoredLogits = logits.index_select(0, positions);                                 // [M, V]
            var target = batch.Target.reshape(-1).index_select(0, positions);                   // [M]
            var ceSum = nn.functional.cross_entropy(scoredLogits, target, reduction: nn.Reduction.Sum);
            var count = positions.shape[0];
            var ce = ceSum.to(float64).item<double>();
            var correct = scoredLogits.argmax(1).eq(target).sum().item<long>();
            return new ObjectiveOutput(ceSum / count, new LossSums(ce, count, correct, new Dictionary<string, double> { ["ce"] = ce }));
        }
    }

    private static DataLoaderBatchSource<SequenceExample, SequenceBatch> Source(int count, int seed, bool shuffle) =>
        new(new DataLoader(CopyTask.Generate(count, seed, minLength: 1, maxLength: 3), CopyTask.Collate, batchSize: 32, shuffle: shuffle, seed: seed));

    [Fact]
    public void A_gru_learns_the_copy_task_through_the_same_trainer()
    {
        manual_seed(0);
        using var model = new CopyModel(hidden: 64);
        var trainer = new Trainer<SequenceBatch>(model, new CopyObjective(model),
            new TrainerOptions(Epochs: 20, Optimizer: p => optim.Adam(p, lr: 0.01), ClipGradNorm: 1.0));
        var valid = Source(256, seed: 2, shuffle: false);
        var untrained = trainer.Evaluate(valid);
        var history = trainer.Fit(Source(1024, seed: 1, shuffle: true), valid, "copy");

        var final = trainer.Evaluate(valid);
        output.WriteLine($"untrained {untrained.Accuracy:F3}; valid accuracy by epoch: {string.Join(" ", history.Select(e => e.Valid!.Accuracy.ToString("F3")))}; final loss {final.MeanLoss:F4}");
        Assert.True(untrained.Accuracy < 0.3, $"the untrained model already copies {untrained.Accuracy:P1} of the tokens");
        Assert.True(final.Accuracy > 0.95, $"valid accuracy on scored tokens {final.Accuracy:P1}, mean loss {final.MeanLoss:F3}");
        Assert.Equal(CopyTask.Generate(256, 2, 1, 3).Sum(e => e.Scored.Count(s => s)), final.Count);
    }
}
