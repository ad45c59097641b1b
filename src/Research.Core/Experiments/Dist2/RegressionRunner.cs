using System.Diagnostics;
using Research.Core.Data.Loading;
using Research.Core.Data.Synthetic;
using Research.Core.Losses;
using Research.Core.Metrics;
using Research.Core.Models;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Dist2;

/// <summary>One run of Task A: a tokenisation, a condition at (α, τ), a training-set size and a seed.</summary>
public sealed record RegressionRunSpec(NumberTokenisation Tokenisation, Dist2Condition Condition, int TrainSize, int Seed, double Alpha = 1, double Tau = 2, int? Steps = null);

/// <summary>Errors of the greedily decoded answers on the test and validation tasks, and the test MAE of always
/// answering the training answers' median (what a model that ignores the prompt can reach).</summary>
public sealed record RegressionRunResult(
    string Condition, string Tokenisation, int TrainSize, int Seed, double Alpha, double Tau,
    double Mae, double Rmse, double ExactAccuracy, double ValidMae, double ValidRmse, double MedianMae, int Steps, double Seconds, long RunId,
    bool Reused = false);

/// <summary>
/// Task A (dist2loss.md §4): a small decoder trained from scratch on N meta-linear-regression prompts to emit y, then
/// greedy decoding on fixed test and validation tasks. Within a seed every condition sees the same training tasks,
/// the same initial weights and the same batch order, so conditions compare paired.
/// </summary>
public static class RegressionRunner
{
    public const string Experiment = "dist2-regression";
    public const int TestSeed = 1_000_003;
    public const int ValidSeed = 2_000_003;

    /// <summary>Trains and evaluates one run; <paramref name="inspect"/>, when given, sees the trained model and the
    /// test tasks before they are disposed (for figures of the model's distribution). With <paramref name="reuse"/>, a
    /// completed run of the same configuration, seed and code revision in <paramref name="store"/> is returned
    /// instead of training again (marked <see cref="RegressionRunResult.Reused"/>); a run to inspect always trains.</summary>
    public static RegressionRunResult Run(Dist2Scale scale, RegressionRunSpec spec, RunStore? store = null, ITrainingObserver? observer = null,
        Action<nn.Module<Tensor, Tensor>, RegressionPrompts>? inspect = null, bool reuse = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.TrainSize <= 0) throw new ArgumentOutOfRangeException(nameof(spec), $"trainSize must be positive, got {spec.TrainSize}");
        if (reuse && inspect is null && store is not null && Find(scale, spec, store) is { } finished) return finished;
        var tokenisation = spec.Tokenisation;
        var steps = spec.Steps ?? scale.Steps;
        var options = spec.Condition.Options(spec.Alpha, spec.Tau);
        using var train = RegressionPrompts.Generate(spec.TrainSize, 7919 * spec.Seed + spec.TrainSize, tokenisation, options.IgnoreIndex);
        using var test = RegressionPrompts.Generate(scale.TestTasks, TestSeed, tokenisation);
        using var valid = RegressionPrompts.Generate(scale.ValidTasks, ValidSeed, tokenisation);
        var config = ConfigOf(scale, spec);

        manual_seed(spec.Seed);
        using var model = new DecoderTransformer(new DecoderTransformerConfig(RegressionPrompts.Vocabulary(tokenisation),
            RegressionPrompts.BlockSize(tokenisation), scale.Layers, scale.Heads, scale.Width, scale.Dropout,
            scale.ValueFeature ? RegressionPrompts.TokenValues(tokenisation) : null));
        using var numbers = MetricVocabulary.Integers(0, RegressionPrompts.NumberTokens(tokenisation));
        using var permuted = spec.Condition == Dist2Condition.RandomMetric ? numbers.Permuted(spec.Seed) : null;
        var objective = new Dist2Objective(model, permuted ?? numbers, options);
        var loader = new TensorDataLoader([train.Inputs, train.Labels], Math.Min(scale.BatchSize, spec.TrainSize), shuffle: true, seed: spec.Seed);
        using var run = store?.Start(Experiment, config, spec.Seed);
        var clock = Stopwatch.StartNew();
        var trainer = new Trainer<TensorBatch>(model, objective,
            new TrainerOptions(1, p => new SafeAdam(p, scale.LearningRate, weight_decay: scale.WeightDecay), RestoreBest: false),
            TrainingObservers.Combine(observer, run is null ? null : new StepLossLog(run)));
        run.Guard(() => trainer.Fit(new StepBatchSource(loader, steps), name: $"{spec.Condition.Label()} N={spec.TrainSize} seed {spec.Seed}", cancel: cancel));
        var seconds = clock.Elapsed.TotalSeconds;

        inspect?.Invoke(model, test);
        var (mae, rmse, exact) = Errors(model, test, tokenisation);
        var (validMae, validRmse, _) = Errors(model, valid, tokenisation);
        var median = train.Values.Order().ElementAt(train.Count / 2);
        var medianMae = test.Values.Average(v => Math.Abs(v - median));
        var result = new RegressionRunResult(spec.Condition.Label(), tokenisation.ToString(), spec.TrainSize, spec.Seed, options.Alpha, options.Tau,
            mae, rmse, exact, validMae, validRmse, medianMae, steps, seconds, run?.Id ?? -1);
        if (run is not null)
        {
            run.SetResult("mae", mae);
            run.SetResult("rmse", rmse);
            run.SetResult("exact", exact);
            run.SetResult("valid_mae", validMae);
            run.SetResult("valid_rmse", validRmse);
            run.SetResult("median_mae", medianMae);
            run.SetResult("train_seconds", seconds);
            run.Complete();
        }
        return result;
    }

    /// <summary>The configuration a run is stored under: everything that changes its result.</summary>
    public static object ConfigOf(Dist2Scale scale, RegressionRunSpec spec)
    {
        var options = spec.Condition.Options(spec.Alpha, spec.Tau);
        return new
        {
            paper = "Chung et al. 2026 (DIST2)", task = "meta-linear-regression", scale = scale.Name, tokenisation = spec.Tokenisation.ToString(),
            condition = spec.Condition.Label(), spec.TrainSize, spec.Seed, alpha = options.Alpha, tau = options.Tau, steps = spec.Steps ?? scale.Steps,
            scale.Width, scale.Layers, scale.Heads, scale.Dropout, scale.BatchSize, scale.LearningRate, scale.WeightDecay, scale.ValueFeature,
        };
    }

    /// <summary>The result of a completed run of this configuration and seed made by this code revision, or null.</summary>
    public static RegressionRunResult? Find(Dist2Scale scale, RegressionRunSpec spec, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.FindCompleted(Experiment, ConfigOf(scale, spec), spec.Seed) is not { } run) return null;
        var x = store.ResultsOf(run.Id);
        var options = spec.Condition.Options(spec.Alpha, spec.Tau);
        return new RegressionRunResult(spec.Condition.Label(), spec.Tokenisation.ToString(), spec.TrainSize, spec.Seed, options.Alpha, options.Tau,
            x["mae"], x["rmse"], x["exact"], x["valid_mae"], x["valid_rmse"], x["median_mae"], spec.Steps ?? scale.Steps, x["train_seconds"], run.Id, Reused: true);
    }

    /// <summary>MAE, RMSE and the fraction exactly right of the greedy answers.</summary>
    public static (double Mae, double Rmse, double Exact) Errors(nn.Module<Tensor, Tensor> model, RegressionPrompts tasks, NumberTokenisation tokenisation)
    {
        var predicted = GreedyNumbers.Decode(model, tasks.Prompts, tokenisation).Select(v => (double)v).ToArray();
        var truth = tasks.Values.Select(v => (double)v).ToArray();
        return (RegressionErrors.MeanAbsoluteError(predicted, truth), RegressionErrors.RootMeanSquaredError(predicted, truth),
            predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length);
    }

    private sealed class StepLossLog(RunLog run) : ITrainingObserver
    {
        private long step;

        public void StepEnded(StepEnd end) => run.LogStep(++step, "train_loss", end.Sums.MeanLoss);
    }
}
