using Research.Core.Data.Text;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Tying;

/// <summary>The LM trainer learns, and an interrupted run resumed from its checkpoint ends where an uninterrupted one does.</summary>
public sealed class LanguageModelTrainerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lm-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // A synthetic "language": a repeating pattern of 8 words with noise, batchified into 4 streams [4, length].
    private static Tensor Stream(int length, int seed)
    {
        var rng = new Random(seed);
        var tokens = new int[length * 4];
        for (var i = 0; i < tokens.Length; i++) tokens[i] = rng.NextDouble() < 0.1 ? rng.Next(12) : (i * 3) % 8;
        return BpttBatches.Batchify(tokens, 4);
    }

    private static LstmLanguageModel Model(bool tied) =>
        new(new LstmLanguageModelConfig(Vocabulary: 12, EmbeddingSize: 16, HiddenSize: 16, Dropout: 0.2, Tied: tied));

    [Fact]
    public void Training_lowers_validation_perplexity_far_below_uniform()
    {
        manual_seed(1);
        using var model = Model(tied: true);
        using var scope = NewDisposeScope();
        var trainer = new LanguageModelTrainer(model, new LanguageModelTraining(Epochs: 3, Bptt: 10, LearningRate: 20,
            AugmentedLoss: new AugmentedLossOptions(0.5, 2.0)));
        var history = trainer.Train(Stream(400, 1), Stream(100, 2));
        Assert.Equal(3, history.Count);
        Assert.True(history[^1].ValidPerplexity < 4, $"valid perplexity {history[^1].ValidPerplexity:F2} (uniform is 12)");
        Assert.True(history[^1].AugmentedLoss > 0);
        Assert.True(history[^1].ValidLoss < history[0].ValidLoss);
    }

    [Fact]
    public void An_interrupted_run_resumed_from_its_checkpoint_ends_with_the_same_parameters()
    {
        using var scope = NewDisposeScope();
        var train = Stream(300, 3);
        var valid = Stream(60, 4);
        var config = new LanguageModelTraining(Epochs: 3, Bptt: 8, LearningRate: 5, AugmentedLoss: new AugmentedLossOptions(0.3, 2.0));

        manual_seed(7);
        using var straight = Model(tied: false);
        var expected = new LanguageModelTrainer(straight, config with { CheckpointPath = Path.Combine(dir, "straight.safetensors") }).Train(train, valid);

        var path = Path.Combine(dir, "interrupted.safetensors");
        manual_seed(7);
        using (var first = Model(tied: false))
        {
            using var cancel = new CancellationTokenSource();
            // Interrupted in the middle of epoch 2, after its checkpoint of epoch 1.
            var trainer = new LanguageModelTrainer(first, config with { CheckpointPath = path }, new CancelAt(2, 5, cancel));
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(train, valid, cancel: cancel.Token));
        }
        manual_seed(999);                         // a fresh process would not share the first one's generator
        using var resumed = Model(tied: false);   // fresh weights, overwritten by the checkpoint
        var history = new LanguageModelTrainer(resumed, config with { CheckpointPath = path }).Train(train, valid);

        Assert.Equal(expected.Select(e => e.ValidLoss), history.Select(e => e.ValidLoss));
        var a = straight.state_dict();
        var b = resumed.state_dict();
        foreach (var key in a.Keys) Assert.True(a[key].Equals(b[key]), $"{key} differs after resuming");
    }

    private sealed class CancelAt(int epoch, long step, CancellationTokenSource source) : ITrainingProgress
    {
        public void Start(string name, int epochs, long stepsPerEpoch) { }
        public void Report(ProgressUpdate update)
        {
            if (update.Epoch == epoch && update.Step == step) source.Cancel();
        }
        public void Finish(string summary) { }
    }

    [Fact]
    public void The_learning_rate_drops_by_four_when_validation_stops_improving()
    {
        manual_seed(2);
        using var model = Model(tied: false);
        using var scope = NewDisposeScope();
        // A huge learning rate makes the validation loss get worse at some epoch (here the second).
        var history = new LanguageModelTrainer(model, new LanguageModelTraining(Epochs: 4, Bptt: 10, LearningRate: 50))
            .Train(Stream(120, 5), Stream(40, 6));
        for (var i = 1; i < history.Count; i++)
        {
            var improved = history[i - 1].ValidLoss < history.Take(i - 1).Select(e => e.ValidLoss).DefaultIfEmpty(double.PositiveInfinity).Min();
            var expectedLr = improved ? history[i - 1].LearningRate : history[i - 1].LearningRate / 4;
            Assert.Equal(expectedLr, history[i].LearningRate, 12);
        }
        Assert.Contains(history, e => e.LearningRate < 50);       // the case was met: some epoch did not improve
    }

    [Fact]
    public void A_plateau_factor_of_one_keeps_the_learning_rate()
    {
        manual_seed(2);
        using var model = Model(tied: false);
        using var scope = NewDisposeScope();
        // The run of the test above, whose second epoch does not improve.
        var history = new LanguageModelTrainer(model, new LanguageModelTraining(Epochs: 4, Bptt: 10, LearningRate: 50, PlateauFactor: 1))
            .Train(Stream(120, 5), Stream(40, 6));
        Assert.True(history[1].ValidLoss > history[0].ValidLoss);
        Assert.All(history, e => Assert.Equal(50, e.LearningRate));
    }

    [Fact]
    public void Streams_must_be_batchified_token_ids()
    {
        using var model = Model(tied: false);
        using var scope = NewDisposeScope();
        var trainer = new LanguageModelTrainer(model, new LanguageModelTraining(Epochs: 1));
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(zeros(10, 2), Stream(10, 1)));
        Assert.Contains("int64 [N, T >= 2]", e.Message);
    }
}
