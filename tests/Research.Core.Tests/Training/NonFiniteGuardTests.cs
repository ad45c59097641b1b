using System.Security.Cryptography;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Tests.Training;

/// <summary>A NaN or infinite loss, term or gradient norm stops the run where it happened, or skips the batch.</summary>
public sealed class NonFiniteGuardTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("nonfinite-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Mean squared output of a linear layer, with a term "spike" that is NaN at one (epoch, step).</summary>
    private sealed class SpikyObjective(Linear model, int badEpoch, long badStep, double badValue) : IObjective<Tensor>
    {
        private int epoch;
        private long step;

        public void StartPass(bool training)
        {
            if (training) (epoch, step) = (epoch + 1, 0);
        }

        public ObjectiveOutput Compute(Tensor batch)
        {
            step++;
            var y = model.call(batch);
            var loss = (y * y).mean();
            var value = loss.item<float>();
            var spike = epoch == badEpoch && step == badStep ? badValue : 0.0;
            return new ObjectiveOutput(loss, new LossSums(value, 1, Terms: new Dictionary<string, double> { ["mse"] = value, ["spike"] = spike }));
        }
    }

    private sealed class RandomBatches(int count) : IBatchSource<Tensor>
    {
        public int BatchCount => count;

        public IEnumerable<Tensor> Batches(int epoch)
        {
            var generator = new Generator(1000 + (ulong)epoch);
            for (var i = 0; i < count; i++) yield return randn([4, 3], generator: generator);
        }
    }

    private TrainerOptions Options(NonFiniteAction action) =>
        new(Epochs: 3, p => new SafeSgd(p, 0.01), ClipGradNorm: 1.0, CheckpointPath: Path.Combine(folder, "run.safetensors"), OnNonFinite: action);

    [Fact]
    public void Stop_names_epoch_step_and_term_and_leaves_the_last_checkpoint_untouched()
    {
        manual_seed(1);
        using var model = nn.Linear(3, 2);
        var options = Options(NonFiniteAction.Stop);
        string? hashAfterEpoch1 = null;
        var observer = new OnCheckpoint(path => hashAfterEpoch1 ??= Hash(path));
        var trainer = new Trainer<Tensor>(model, new SpikyObjective(model, badEpoch: 2, badStep: 3, double.NaN), options, observer);
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(new RandomBatches(5)));
        Assert.Equal((2, 3L, "spike"), (error.Epoch, error.Step, error.Term));
        Assert.Equal(options.CheckpointPath, error.LastCheckpoint);
        Assert.Contains("epoch 2, step 3: spike is NaN", error.Message);
        Assert.Contains(options.CheckpointPath!, error.Message);
        Assert.Equal(hashAfterEpoch1, Hash(options.CheckpointPath!));
    }

    [Fact]
    public void Skip_counts_the_batch_and_keeps_training_with_finite_weights()
    {
        manual_seed(1);
        using var model = nn.Linear(3, 2);
        var skipped = new List<(int, long, string)>();
        var observer = new OnSkip((e, s, t) => skipped.Add((e, s, t)));
        var history = new Trainer<Tensor>(model, new SpikyObjective(model, 2, 3, double.PositiveInfinity), Options(NonFiniteAction.SkipBatch), observer)
            .Fit(new RandomBatches(5));
        Assert.Equal([0, 1, 0], history.Select(e => e.SkippedBatches));
        Assert.Equal([(2, 3L, "spike")], skipped);
        Assert.Equal(4, history[1].Train.Count);
        Assert.All(model.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void A_huge_augmented_loss_weight_stops_on_the_first_non_finite_value_instead_of_running_on()
    {
        manual_seed(1);
        using var model = new LstmLanguageModel(new LstmLanguageModelConfig(Vocabulary: 30, EmbeddingSize: 8, HiddenSize: 8));
        using var stream = randint(0, 30, [2, 200], dtype: ScalarType.Int64);
        var config = new LanguageModelTraining(Epochs: 2, Bptt: 10, AugmentedLoss: new AugmentedLossOptions(alpha: 1e38, tau: 10),
            CheckpointPath: Path.Combine(folder, "lm.safetensors"));
        var error = Assert.Throws<TrainingDivergedException>(() => new LanguageModelTrainer(model, config).Train(stream, stream));
        Assert.Equal((1, 1L), (error.Epoch, error.Step));
        Assert.Contains(error.Term, new[] { "augmented", "loss", "gradient norm" });
        Assert.False(File.Exists(config.CheckpointPath), "no checkpoint is written for a run that diverged in its first epoch");
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private sealed class OnCheckpoint(Action<string> saved) : ITrainingObserver
    {
        public void CheckpointSaved(string path, int epoch) => saved(path);
    }

    private sealed class OnSkip(Action<int, long, string> skipped) : ITrainingObserver
    {
        public void BatchSkipped(int epoch, long step, string term, double value) => skipped(epoch, step, term);
    }
}
