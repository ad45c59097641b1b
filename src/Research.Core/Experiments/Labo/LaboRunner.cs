using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Research.Core.Data.Images;
using Research.Core.Data.Loading;
using Research.Core.Metrics;
using Research.Core.Models;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Labo;

/// <summary>One run of the LABO-R image experiment: data, noise rate, method, seed, and the sizes the scale or config set.</summary>
public sealed record LaboRunSpec(LaboScale Scale, string DataSet, string? DataFolder, double Noise, LaboMethod Method, int Seed,
    int Epochs, int Subset, int Validation, int Width)
{
    /// <summary>The same run with another method (the notebook's grid).</summary>
    public LaboRunSpec With(LaboMethod method) => this with { Method = method };

    /// <summary>A run at the scale's sizes (subset, validation split, width), for the scale's epochs unless given.</summary>
    public static LaboRunSpec Of(LaboScale scale, double noise, LaboMethod method, int seed, int? epochs = null,
        string dataSet = "fashion-mnist", string? dataFolder = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return new LaboRunSpec(scale, dataSet, dataFolder, noise, method, seed, epochs ?? scale.Epochs, scale.Subset, scale.Validation, scale.Width);
    }
}

/// <summary>Top-1, NLL and ECE (15 bins) of one split, with the reliability-diagram bins.</summary>
public sealed record LaboScores(double Top1, double Nll, double Ece, IReadOnlyList<ReliabilityBin> Bins);

/// <summary>What a run produced, at the final epoch (labo.md §4.2: the point is memorisation, so no best-epoch pick).</summary>
public sealed record LaboRunResult(string Method, string Label, double Alpha, double Temperature, double EntropyRatio, double Noise, int Seed,
    int Epochs, LaboScores Valid, LaboScores Test, double TrainCleanTop1, double Seconds, long RunId, bool Reused = false);

/// <summary>
/// Trains the small CNN with the method's label regulariser through the kit's trainer and scores the final weights.
/// Each run checkpoints every epoch under its own name, so a crashed notebook or command continues where it stopped.
/// </summary>
public static class LaboRunner
{
    public const string Experiment = "labo";

    /// <summary>Trains one run and scores its final weights. With <paramref name="reuse"/>, a completed run of the same
    /// configuration, seed and code revision in <paramref name="store"/> is returned instead (<see cref="Find"/>).</summary>
    public static LaboRunResult Run(LaboRunSpec spec, ImageClassificationData data, RunStore? store, ITrainingObserver? observer,
        string checkpointFolder, bool reuse = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        if (reuse && store is not null && Find(spec, store) is { } finished) return finished;
        var scale = spec.Scale;
        var method = spec.Method;
        var config = ConfigOf(spec);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(config) + CodeRevision.Of())))[..10];
        var name = $"labo-{spec.DataSet}-{scale.Name}-noise{spec.Noise:R}-{method.Key}-seed{spec.Seed}-e{spec.Epochs}-{fingerprint}";
        Directory.CreateDirectory(checkpointFolder);

        var shape = data.Train.Images.shape;                                                    // [N, C, S, S]
        manual_seed(spec.Seed);
        using var model = new SmallCnn((int)shape[1], (int)shape[2], data.ClassNames.Count, spec.Width);
        var objective = new LabelRegularizationObjective(model, method.Options());
        var train = new TensorBatchSource(new TensorDataLoader([data.Train.Images, data.Train.Labels], scale.Batch, shuffle: true, seed: spec.Seed));
        var valid = new TensorBatchSource(new TensorDataLoader([data.Valid.Images, data.Valid.Labels], 1000));
        var trainer = new Trainer<TensorBatch>(model, objective, new TrainerOptions(
            spec.Epochs,
            p => new SafeSgd(p, scale.MaxLearningRate, scale.Momentum, weight_decay: scale.WeightDecay, nesterov: true),
            Schedule: o => new OneCycleSchedule(o, scale.MaxLearningRate, (long)spec.Epochs * train.BatchCount),
            CheckpointPath: Path.Combine(checkpointFolder, name + ".safetensors"),
            RestoreBest: false), observer);

        using var run = store?.Start(Experiment, config, spec.Seed);
        var history = run.Guard(() => trainer.Fit(train, valid, $"{method.Label} noise {spec.Noise:P0} seed {spec.Seed}", cancel));
        var result = new LaboRunResult(method.Name, method.Label, method.Alpha, method.Temperature, method.EntropyRatio, spec.Noise, spec.Seed,
            history.Count, Score(model, data.Valid.Images, data.Valid.Labels), Score(model, data.Test.Images, data.Test.Labels),
            Score(model, data.Train.Images, data.TrainCleanLabels).Top1, history.Sum(e => e.Seconds), run?.Id ?? -1);
        if (run is not null)
        {
            LaboResultLog.Write(run, history, result);
            run.Complete();
        }
        return result;
    }

    /// <summary>Where notebook 03 and `research sweep labo` keep the image runs' checkpoints: beside the run store.</summary>
    public static string CheckpointsBeside(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Path.Combine(Path.GetDirectoryName(store.Path)!, "checkpoints", "03-labo");
    }

    /// <summary>Runs the specs (reusing stored runs when <paramref name="reuse"/>), grouped by data set, noise rate and
    /// seed in the order those first appear: each group's data is loaded once, and only when one of its runs must train.</summary>
    public static IReadOnlyList<LaboRun> RunAll(IEnumerable<LaboRunSpec> specs, RunStore? store, ITrainingObserver? observer,
        string checkpointFolder, bool reuse = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var results = new List<LaboRun>();
        foreach (var group in specs.GroupBy(s => (s.DataSet, s.DataFolder, s.Subset, s.Validation, s.Noise, s.Seed)))
        {
            ImageClassificationData? data = null;
            try
            {
                foreach (var spec in group)
                {
                    var stored = reuse && store is not null ? Find(spec, store) : null;
                    if (stored is null)
                        data ??= LaboData.Load(spec.DataSet, spec.DataFolder, spec.Subset, spec.Validation, spec.Noise, spec.Seed);
                    results.Add(new LaboRun(spec, stored ?? Run(spec, data!, store, observer, checkpointFolder, reuse: false, cancel)));
                }
            }
            finally
            {
                data?.Dispose();
            }
        }
        return results;
    }

    /// <summary>The result of a completed run of this configuration and seed made by this code revision, or null.</summary>
    public static LaboRunResult? Find(LaboRunSpec spec, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        return store.FindCompleted(Experiment, ConfigOf(spec), spec.Seed) is { } run ? LaboResultLog.Read(store, run, spec) : null;
    }

    /// <summary>What the run store keeps as the run's configuration (and reuse matches on).</summary>
    public static object ConfigOf(LaboRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var scale = spec.Scale;
        var method = spec.Method.Validated();
        return new
        {
            paper = "LABO-R (reconstruction of Lu et al. 2023)", scale = scale.Name, spec.DataSet, spec.Noise, method = method.Name, method.Alpha,
            temperature = double.IsNaN(method.Temperature) ? (double?)null : method.Temperature,
            entropyRatio = double.IsNaN(method.EntropyRatio) ? (double?)null : method.EntropyRatio,
            uniformConvention = "fairseq eps/(K-1) on non-gold", spec.Seed, spec.Epochs, spec.Subset, spec.Validation, spec.Width,
            scale.Batch, scale.MaxLearningRate, scale.Momentum, scale.WeightDecay,
        };
    }

    /// <summary>Top-1, NLL and ECE of the model (eval mode, no gradient) on images and labels, in chunks of 1000.</summary>
    public static LaboScores Score(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var logits = cat(Enumerable.Range(0, (int)((images.shape[0] + 999) / 1000))
                .Select(i => model.call(images.narrow(0, i * 1000L, Math.Min(1000L, images.shape[0] - i * 1000L)))).ToArray(), 0);   // [N, K]
            var top1 = Accuracy.Of(logits, labels);
            var nll = nn.functional.cross_entropy(logits.to(ScalarType.Float64), labels).item<double>();
            var calibration = CalibrationError.Compute(logits, labels);
            return new LaboScores(top1, nll, calibration.ExpectedCalibrationError, calibration.Bins);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
