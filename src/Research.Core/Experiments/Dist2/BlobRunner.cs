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
    double MeanError, double AccuracyAt0, double AccuracyAt1, double MissError, int Steps, double Seconds, long RunId);

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

    public static BlobRunResult Run(BlobRunSpec spec, int steps = 300, int hiddenUnits = 64, double learningRate = 1e-3, RunStore? store = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tokenisation = spec.Tokenisation;
        steps = spec.Steps ?? steps;
        var options = spec.Condition.Options(spec.Alpha, spec.Tau) with { PlaceValueWeights = false };
        using var train = BlobLocation.Generate(spec.TrainSize, 104_729 * spec.Seed + spec.TrainSize, tokenisation);
        using var test = BlobLocation.Generate(TestImages, TestSeed, tokenisation);
        var width = tokenisation == CoordinateTokenisation.XThenY ? 2 : 1;
        var vocabulary = BlobLocation.VocabularyOf(tokenisation);
        var config = new
        {
            paper = "Chung et al. 2026 (DIST2), kit analogue", task = "blob-location", tokenisation = tokenisation.ToString(), condition = spec.Condition.Label(),
            spec.TrainSize, spec.Seed, alpha = options.Alpha, tau = options.Tau, steps, hiddenUnits, learningRate,
        };

        manual_seed(spec.Seed);
        using var model = new BlobLocator(BlobLocation.Side * BlobLocation.Side, hiddenUnits, width, vocabulary);
        using var metric = MetricOf(tokenisation);
        using var permuted = spec.Condition == Dist2Condition.RandomMetric ? metric.Permuted(spec.Seed) : null;
        var objective = new Dist2Objective(model, permuted ?? metric, options);
        var loader = new TensorDataLoader([train.Images, train.Tokens], Math.Min(100, spec.TrainSize), shuffle: true, seed: spec.Seed);
        using var run = store?.Start(Experiment, config, spec.Seed);
        var clock = Stopwatch.StartNew();
        var trainer = new Trainer<TensorBatch>(model, objective, new TrainerOptions(1, p => new SafeAdam(p, learningRate), RestoreBest: false));
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
