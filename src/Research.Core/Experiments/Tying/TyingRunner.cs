using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Tying;

/// <summary>One training run of the tying experiment: a variant, a seed, and the augmented loss's τ and α.</summary>
public sealed record TyingRunSpec(TyingVariant Variant, int Seed, double Tau = 10, double Alpha = 0.5, int? Epochs = null, double? LearningRate = null);

/// <summary>What a run produced. Perplexities are of the best-validation weights; train perplexity is measured without dropout.</summary>
public sealed record TyingRunResult(
    string Variant,
    int Seed,
    double Tau,
    double Alpha,
    long Parameters,
    double TrainPerplexity,
    double ValidPerplexity,
    double TestPerplexity,
    int Epochs,
    double Seconds,
    long RunId,
    double LearningRate = double.NaN,
    long Steps = 0,
    long TensorsCreated = 0,
    int NativeErrorsRecovered = 0,
    int ResumedEpochs = 0)
{
    /// <summary>How this result was made: trained here, resumed from a checkpoint, or read from a finished one.</summary>
    public string Provenance =>
        ResumedEpochs == 0 ? "trained in this process"
        : ResumedEpochs >= Epochs ? $"reused a finished checkpoint ({Epochs} epochs; nothing trained in this process)"
        : $"resumed from a checkpoint after {ResumedEpochs} of {Epochs} epochs";

    /// <summary>The same result under another variant label (for a tuned setting shown beside the default one).</summary>
    public TyingRunResult Labelled(string variant) => this with { Variant = variant };
}

/// <summary>
/// Trains and evaluates one run, logging every step's loss and every epoch's numbers to the run store. Each run
/// checkpoints every epoch under its own name, so a crashed notebook or command continues where it stopped.
/// </summary>
public static class TyingRunner
{
    public const string Experiment = "tying";

    public static TyingRunResult Run(TyingScale scale, TyingRunSpec spec, TyingData data, RunStore? store,
        ITrainingProgress? progress, string checkpointFolder, CancellationToken cancel = default)
    {
        var epochs = spec.Epochs ?? scale.Epochs;
        var learningRate = spec.LearningRate ?? scale.LearningRate;
        var variant = spec.Variant;
        var model = new LstmLanguageModelConfig(data.Vocabulary, scale.EmbeddingSize, scale.EmbeddingSize, Layers: 2,
            Dropout: scale.Dropout, Tied: variant.Tied(), OutputBias: variant.OutputBias());
        var al = variant.UsesAugmentedLoss() ? new AugmentedLossOptions(spec.Alpha, spec.Tau, scale.AugmentedLossScale) : null;
        var config = new
        {
            paper = "Inan et al. 2017", scale = scale.Name, variant = variant.Label(), spec.Seed, epochs, trainTokens = data.TrainTokens,
            vocabulary = data.Vocabulary, embedding = scale.EmbeddingSize, dropout = scale.Dropout, bptt = scale.Bptt, batch = scale.Batch,
            lr = learningRate, clip = scale.Clip, tau = al?.Tau, alpha = al?.Alpha, alScale = al?.Scale.ToString(),
        };
        // The name says what the run is; the fingerprint (configuration and code revision) keeps a checkpoint
        // from another version of the code or data from being resumed as if it were this run's.
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(config) + CodeRevision.Of())))[..10];
        var name = $"{scale.Name}-{variant}-seed{spec.Seed}-e{epochs}" + (spec.LearningRate is null ? "" : $"-lr{learningRate:R}")
                   + (al is null ? "" : $"-tau{spec.Tau:R}-alpha{spec.Alpha:R}") + "-" + fingerprint;
        Directory.CreateDirectory(checkpointFolder);
        var training = new LanguageModelTraining(epochs, scale.Bptt, learningRate, scale.Clip, AugmentedLoss: al,
            CheckpointPath: Path.Combine(checkpointFolder, name + ".safetensors"));

        manual_seed(spec.Seed);
        using var lm = new LstmLanguageModel(model);
        using var run = store?.Start(Experiment, config, spec.Seed);
        var health = new RunHealth(run);
        var tensorsBefore = TensorsCreated();
        var trainer = new LanguageModelTrainer(lm, training, progress ?? TrainingProgress.None, health);
        var logged = new HashSet<int>();
        void Log(LanguageModelEpoch e)
        {
            if (run is null || !logged.Add(e.Epoch)) return;
            run.LogEpoch(e.Epoch, "valid_ppl", e.ValidPerplexity);
            run.LogEpoch(e.Epoch, "train_ppl_dropout", e.TrainPerplexity);
            run.LogEpoch(e.Epoch, "augmented_loss", e.AugmentedLoss);
            run.LogEpoch(e.Epoch, "lr", e.LearningRate);
        }
        trainer.EpochEnded += Log;
        TyingRunResult Execute()
        {
            var history = trainer.Train(data.Train, data.Valid, $"{variant.Label()} seed {spec.Seed}", cancel);
            foreach (var e in history) Log(e);   // epochs restored from a checkpoint were not seen live
            return new TyingRunResult(variant.Label(), spec.Seed, al?.Tau ?? double.NaN, al?.Alpha ?? double.NaN, lm.parameters().Sum(p => p.numel()),
                Math.Exp(trainer.Evaluate(data.TrainEval)), Math.Exp(trainer.Evaluate(data.Valid)), Math.Exp(trainer.Evaluate(data.Test)),
                history.Count, history.Sum(e => e.Seconds), run?.Id ?? -1, learningRate, health.Steps, TensorsCreated() - tensorsBefore, health.RecoveredErrors,
                health.ResumedEpochs);
        }
        var result = run.Guard(Execute);
        if (run is not null)
        {
            run.SetResult("train_ppl", result.TrainPerplexity);
            run.SetResult("valid_ppl", result.ValidPerplexity);
            run.SetResult("test_ppl", result.TestPerplexity);
            run.SetResult("parameters", result.Parameters);
            run.SetResult("train_seconds", result.Seconds);
            run.SetResult("native_errors_recovered", result.NativeErrorsRecovered);
            run.SetResult("resumed_epochs", result.ResumedEpochs);
            run.Complete();
        }
        return result;
    }

    // Tensors this thread has created (TorchSharp counts every one, in a DisposeScope or not): a measure of the ops run.
    private static long TensorsCreated() =>
        DisposeScopeManager.Statistics.CreatedInScopeCount + DisposeScopeManager.Statistics.CreatedOutsideScopeCount;

    /// <summary>Counts this process's training steps and the native errors the trainer recovered from, and logs
    /// every step's training loss at its global step, so a resumed run's curve continues where it stopped.</summary>
    private sealed class RunHealth(RunLog? run) : ITrainingObserver
    {
        public long Steps { get; private set; }
        public int RecoveredErrors { get; private set; }
        public int ResumedEpochs { get; private set; }

        public void RunStarted(RunStart start) => ResumedEpochs = start.EpochsDone;

        public void StepEnded(StepEnd step)
        {
            Steps++;
            run?.LogStep(step.GlobalStep, "train_loss", step.Sums.MeanLoss);
        }

        public void Recovered(int epoch, int attempt, Exception error)
        {
            RecoveredErrors++;
            Console.Error.WriteLine($"native error in epoch {epoch} (attempt {attempt}), epoch restarted from its saved state: {error.Message.Split('\n')[0]}");
        }
    }
}
