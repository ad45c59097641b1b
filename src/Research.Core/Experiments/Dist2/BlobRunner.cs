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

/// <summary>One run of Task B: a tokenisation of the centre, a condition at (α, τ), a training-set size and a seed.</summary>
public sealed record BlobRunSpec(CoordinateTokenisation Tokenisation, Dist2Condition Condition, int TrainSize, int Seed, double Alpha = 1, double Tau = 2, int? Steps = null);

/// <summary>Location errors of the argmax answers on the test images.</summary>
public sealed record BlobRunResult(string Condition, string Tokenisation, int TrainSize, int Seed, double Alpha, double Tau,
    double MeanError, double AccuracyAt0, double AccuracyAt1, double MissError, int Steps, double Seconds, long RunId, bool Reused = false);

/// <summary>
/// Task B, coordinates as tokens: this kit's CPU analogue of the paper's grounding experiments (the paper has no such
/// experiment). An MLP reads a 28×28 image with one blob and emits its centre as x and y tokens (V_d = 0..27, d = Δ²)
/// or as one joint cell token (V_d = 784 cells, d = Δx² + Δy²). Place-value weights do not apply to coordinates.
/// </summary>
public static class BlobRunner
{
    public const string Experiment = "dist2-blobs";
    public const int TestSeed = 3_000_017;
    public const int TestImages = 2000;

    public const int DefaultSteps = 300;
    public const int HiddenUnits = 64;
    public const double LearningRate = 1e-3;

    /// <summary>Trains and evaluates one run (<see cref="DefaultSteps"/> Adam steps unless the spec says). With
    /// <paramref name="reuse"/>, a completed run of the same configuration, seed and code revision in
    /// <paramref name="store"/> is returned instead (marked <see cref="BlobRunResult.Reused"/>).</summary>
    public static BlobRunResult Run(BlobRunSpec spec, RunStore? store = null, bool reuse = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (reuse && store is not null && Find(spec, store) is { } finished) return finished;
        var tokenisation = spec.Tokenisation;
        var steps = spec.Steps ?? DefaultSteps;
        var options = OptionsOf(spec);
        using var train = BlobLocation.Generate(spec.TrainSize, 104_729 * spec.Seed + spec.TrainSize, tokenisation);
        using var test = BlobLocation.Generate(TestImages, TestSeed, tokenisation);
        var width = tokenisation == CoordinateTokenisation.XThenY ? 2 : 1;
        var vocabulary = BlobLocation.VocabularyOf(tokenisation);
        var config = ConfigOf(spec);

        manual_seed(spec.Seed);
        using var model = new BlobLocator(BlobLocation.Side * BlobLocation.Side, HiddenUnits, width, vocabulary);
        using var metric = MetricOf(tokenisation);
        using var permuted = spec.Condition == Dist2Condition.RandomMetric ? metric.Permuted(spec.Seed) : null;
        var objective = new Dist2Objective(model, permuted ?? metric, options);
        var loader = new TensorDataLoader([train.Images, train.Tokens], Math.Min(100, spec.TrainSize), shuffle: true, seed: spec.Seed);
        using var run = store?.Start(Experiment, config, spec.Seed);
        var clock = Stopwatch.StartNew();
        var trainer = new Trainer<TensorBatch>(model, objective, new TrainerOptions(1, p => new SafeAdam(p, LearningRate), RestoreBest: false));
        run.Guard(() => trainer.Fit(new StepBatchSource(loader, steps), name: $"{spec.Condition.Label()} N={spec.TrainSize} seed {spec.Seed}", cancel: cancel));
        var seconds = clock.Elapsed.TotalSeconds;

        var errors = Errors(model, test);
        var result = new BlobRunResult(spec.Condition.Label(), tokenisation.ToString(), spec.TrainSize, spec.Seed, options.Alpha, options.Tau,
            errors.MeanError, errors.AccuracyAt0, errors.AccuracyAt1, errors.MissError, steps, seconds, run?.Id ?? -1);
        if (run is not null)
        {
            run.SetResult("mean_error", errors.MeanError);
            run.SetResult("acc0", errors.AccuracyAt0);
            run.SetResult("acc1", errors.AccuracyAt1);
            run.SetResult("miss_error", errors.MissError);
            run.SetResult("train_seconds", seconds);
            run.Complete();
        }
        return result;
    }

    /// <summary>The configuration a run is stored under: everything that changes its result.</summary>
    public static object ConfigOf(BlobRunSpec spec)
    {
        var options = OptionsOf(spec);
        return new
        {
            paper = "Chung et al. 2026 (DIST2), kit analogue", task = "blob-location", tokenisation = spec.Tokenisation.ToString(), condition = spec.Condition.Label(),
            spec.TrainSize, spec.Seed, alpha = options.Alpha, tau = options.Tau, steps = spec.Steps ?? DefaultSteps, hiddenUnits = HiddenUnits, learningRate = LearningRate,
        };
    }

    /// <summary>The result of a completed run of this configuration and seed made by this code revision, or null.</summary>
    public static BlobRunResult? Find(BlobRunSpec spec, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.FindCompleted(Experiment, ConfigOf(spec), spec.Seed) is not { } run) return null;
        var x = store.ResultsOf(run.Id);
        var options = OptionsOf(spec);
        return new BlobRunResult(spec.Condition.Label(), spec.Tokenisation.ToString(), spec.TrainSize, spec.Seed, options.Alpha, options.Tau,
            x["mean_error"], x["acc0"], x["acc1"], x["miss_error"], spec.Steps ?? DefaultSteps, x["train_seconds"], run.Id, Reused: true);
    }

    private static Dist2Options OptionsOf(BlobRunSpec spec) => spec.Condition.Options(spec.Alpha, spec.Tau) with { PlaceValueWeights = false };

    /// <summary>V_d of a tokenisation: the 28 coordinates, or the 784 cells with their (x, y).</summary>
    public static MetricVocabulary MetricOf(CoordinateTokenisation tokenisation)
    {
        if (tokenisation == CoordinateTokenisation.XThenY) return MetricVocabulary.Integers(0, BlobLocation.Side);
        var cells = BlobLocation.Side * BlobLocation.Side;
        var points = new double[cells, 2];
        for (var c = 0; c < cells; c++) (points[c, 0], points[c, 1]) = (c % BlobLocation.Side, c / BlobLocation.Side);
        return MetricVocabulary.Points(Enumerable.Range(0, cells).Select(c => (long)c).ToArray(), points);
    }

    /// <summary>The location errors of the argmax tokens on a set of images.</summary>
    public static LocationErrors Errors(nn.Module<Tensor, Tensor> model, BlobImages images)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var tokens = model.call(images.Images).argmax(2).data<long>().ToArray();    // [N * tokens]
            var width = images.Tokens.shape[1];
            var predicted = Enumerable.Range(0, (int)images.Tokens.shape[0])
                .Select(n => BlobLocation.Decode(tokens.Skip(n * (int)width).Take((int)width).Select(t => (int)t).ToArray(), images.Tokenisation)).ToArray();
            var centres = images.Centres.data<long>().ToArray();
            var truth = Enumerable.Range(0, predicted.Length).Select(n => ((int)centres[2 * n], (int)centres[2 * n + 1])).ToArray();
            return LocationErrors.Of(predicted, truth);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
