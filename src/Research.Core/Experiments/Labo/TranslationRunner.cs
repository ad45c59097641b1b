using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Research.Core.Data.Text;
using Research.Core.Metrics;
using Research.Core.Metrics.Bleu;
using Research.Core.Models;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Labo;

/// <summary>One run of LABO-R's translation experiment: scale, data ("mt" or "word-mapping"), method, noisy-target share, seed.</summary>
public sealed record TranslationRunSpec(TranslationScale Scale, string Data, LaboMethod Method, double Noise, int Seed)
{
    public TranslationRunSpec With(LaboMethod method) => this with { Method = method };
}

/// <summary>Corpus BLEU (13a) and chrF of one decoding of the test set, with its hypotheses (for a paired bootstrap).</summary>
public sealed record TranslationScores(double Bleu, double Chrf, string[] Hypotheses);

/// <summary>What a run produced: validation BLEU per epoch, the chosen epoch, and test scores with greedy and beam-4 search.</summary>
public sealed record TranslationRunResult(string Method, string Label, double Alpha, double Temperature, double EntropyRatio, double Noise, int Seed,
    int Epochs, IReadOnlyDictionary<int, double> ValidBleuByEpoch, int BestEpoch, double ValidBleu, double ValidNll,
    TranslationScores Greedy, TranslationScores Beam, string[] References, double Seconds, long RunId, bool Reused = false);

/// <summary>
/// Trains the encoder-decoder with the method's label regulariser through the kit's trainer (SafeAdam (0.9, 0.98),
/// inverse-sqrt warm-up), keeps the epoch with the best greedy validation BLEU, and scores the test set with greedy
/// and beam-4 search. The run is logged to the run store; each run checkpoints every epoch under its own name, so the
/// same command resumes.
/// </summary>
public static class TranslationRunner
{
    public const string Experiment = "labo-mt";
    public const int BeamSize = 4;

    /// <summary>Trains one run and scores it on the test set. With <paramref name="reuse"/>, a completed run of the same
    /// configuration, seed and code revision in <paramref name="store"/> is returned instead (<see cref="Find"/>).</summary>
    public static TranslationRunResult Run(TranslationRunSpec spec, TranslationData data, RunStore? store, ITrainingObserver? observer,
        string checkpointFolder, bool reuse = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        if (reuse && store is not null && Find(spec, data, store, checkpointFolder) is { } finished) return finished;
        var (scale, method) = (spec.Scale, spec.Method);
        var specials = new TranslationSpecials();
        data = data.WithMisalignedTargets(spec.Noise, spec.Seed);
        var config = ConfigOf(spec, data);
        var name = RunName(spec, data);
        Directory.CreateDirectory(checkpointFolder);

        manual_seed(spec.Seed);
        using var model = new TranslationTransformer(scale.Model(data.Vocabulary.Count));
        var objective = new TranslationObjective(model, method.Options(specials.All));
        var train = new TranslationBatchSource(data.Train.Source, data.Train.Target, scale.MaxTokens, scale.MaxLength, specials, shuffle: true, seed: spec.Seed);
        var valid = new TranslationBatchSource(data.Valid.Source, data.Valid.Target, scale.MaxTokens, scale.MaxLength, specials, shuffle: false);
        var search = new SearchOptions();
        var checkpoint = Path.Combine(checkpointFolder, name + ".safetensors");
        using var best = new BestBleuWeights(model, data.Valid, data.Decode, search, BestFile(checkpointFolder, name));
        var trainer = new Trainer<TranslationBatch>(model, objective, new TrainerOptions(
            scale.Epochs,
            p => new SafeAdam(p, scale.LearningRate, beta1: 0.9, beta2: 0.98, eps: 1e-8),
            Schedule: o => new InverseSqrtSchedule(o, scale.LearningRate, scale.WarmupSteps),
            CheckpointPath: checkpoint,
            RestoreBest: false), TrainingObservers.Combine(best, observer));

        using var run = store?.Start(Experiment, config, spec.Seed);
        return run.Guard(() =>
        {
            var history = trainer.Fit(train, valid, $"{method.Label} noise {spec.Noise:P0} seed {spec.Seed}", cancel);
            best.Restore();
            var validNll = trainer.Evaluate(valid).Mean("nll");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var greedy = Score(TranslationSearch.Greedy(model, data.Test.Source, search), data);
            var greedySeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var beam = Score(TranslationSearch.Beam(model, data.Test.Source, BeamSize, search), data);
            var beamSeconds = clock.Elapsed.TotalSeconds;
            var result = new TranslationRunResult(method.Name, method.Label, method.Alpha, method.Temperature, method.EntropyRatio, spec.Noise, spec.Seed,
                history.Count, new Dictionary<int, double>(best.ByEpoch), best.BestEpoch, best.BestBleu, validNll, greedy, beam, data.Test.References,
                history.Sum(e => e.Seconds), run?.Id ?? -1);
            File.WriteAllLines(GreedyFile(checkpointFolder, name), greedy.Hypotheses);
            File.WriteAllLines(BeamFile(checkpointFolder, name), beam.Hypotheses);
            if (run is not null)
            {
                run.SetResult("valid_decode_seconds", best.DecodeSeconds);
                run.SetResult("test_greedy_seconds", greedySeconds);
                run.SetResult($"test_beam{BeamSize}_seconds", beamSeconds);
                Log(run, history, result);
            }
            return result;
        });
    }

    /// <summary>The result of a completed run of this configuration and seed made by this code revision, with the test
    /// hypotheses it wrote beside its checkpoint; null when there is none or its hypotheses are gone.</summary>
    public static TranslationRunResult? Find(TranslationRunSpec spec, TranslationData data, RunStore store, string checkpointFolder)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(store);
        var noisy = data.WithMisalignedTargets(spec.Noise, spec.Seed);
        if (store.FindCompleted(Experiment, ConfigOf(spec, noisy), spec.Seed) is not { } run) return null;
        var name = RunName(spec, noisy);
        var (greedyFile, beamFile) = (GreedyFile(checkpointFolder, name), BeamFile(checkpointFolder, name));
        if (!File.Exists(greedyFile) || !File.Exists(beamFile)) return null;
        var x = store.ResultsOf(run.Id);
        var validBleu = store.Metrics([run.Id], "valid_bleu", MetricKind.Epoch).ToDictionary(p => (int)p.Step, p => p.Value);
        var method = spec.Method;
        return new TranslationRunResult(method.Name, method.Label, method.Alpha, method.Temperature, method.EntropyRatio, spec.Noise, spec.Seed,
            store.Metrics([run.Id], "train_loss", MetricKind.Epoch).Count, validBleu, (int)x["best_epoch"], x["valid_bleu"], x["valid_nll"],
            new TranslationScores(x["test_bleu_greedy"], x["test_chrf_greedy"], File.ReadAllLines(greedyFile)),
            new TranslationScores(x[$"test_bleu_beam{BeamSize}"], x[$"test_chrf_beam{BeamSize}"], File.ReadAllLines(beamFile)),
            data.Test.References, x["train_seconds"], run.Id, Reused: true);
    }

    /// <summary>The model of a finished run with its best-validation-BLEU weights, read from beside its checkpoint (for
    /// looking inside a trained model, e.g. where LABO-R puts its smoothing mass). The caller disposes it.</summary>
    public static TranslationTransformer LoadBest(TranslationRunSpec spec, TranslationData data, string checkpointFolder)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        var noisy = data.WithMisalignedTargets(spec.Noise, spec.Seed);
        var file = BestFile(checkpointFolder, RunName(spec, noisy));
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no best-BLEU weights for {spec.Method.Label} seed {spec.Seed} at this code revision (train the run first)", file);
        var model = new TranslationTransformer(spec.Scale.Model(data.Vocabulary.Count));
        using (var best = new BestBleuWeights(model, data.Valid, data.Decode, new SearchOptions(), file)) best.Restore();
        model.eval();
        return model;
    }

    /// <summary>What the run store keeps as the run's configuration (and reuse matches on); data is the run's own,
    /// misaligned targets included.</summary>
    private static object ConfigOf(TranslationRunSpec spec, TranslationData data)
    {
        var (scale, method) = (spec.Scale, spec.Method);
        return new
        {
            paper = "LABO-R (reconstruction of Lu et al. 2023)", scale = scale.Name, data = data.Name, spec.Noise, method = method.Name, method.Alpha,
            temperature = double.IsNaN(method.Temperature) ? (double?)null : method.Temperature,
            entropyRatio = double.IsNaN(method.EntropyRatio) ? (double?)null : method.EntropyRatio,
            uniformConvention = "fairseq eps/(K-1) on non-gold", laboRSpecials = "pad, unk, bos, eos get no mass", spec.Seed,
            trainPairs = data.Train.Count, validPairs = data.Valid.Count, testPairs = data.Test.Count, misalignedPairs = data.MisalignedPairs,
            vocabulary = data.Vocabulary.Count, scale.Epochs, scale.Width, scale.Layers, scale.Heads, scale.FeedForward, scale.Dropout,
            scale.MaxTokens, scale.LearningRate, scale.WarmupSteps, scale.MaxLength, beam = BeamSize, lengthPenalty = 1.0,
        };
    }

    /// <summary>The file-name stem of a run's checkpoints and hypotheses: readable fields and a hash of the config and
    /// code revision.</summary>
    private static string RunName(TranslationRunSpec spec, TranslationData data)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(ConfigOf(spec, data)) + CodeRevision.Of())))[..10];
        return $"labo-mt-{data.Name}-{spec.Scale.Name}-noise{spec.Noise:R}-{spec.Method.Key}-seed{spec.Seed}-e{spec.Scale.Epochs}-{fingerprint}";
    }

    private static string BestFile(string folder, string name) => Path.Combine(folder, name + ".best-bleu.safetensors");

    private static string GreedyFile(string folder, string name) => Path.Combine(folder, name + ".test.greedy.txt");

    private static string BeamFile(string folder, string name) => Path.Combine(folder, name + $".test.beam{BeamSize}.txt");

    private static TranslationScores Score(int[][] hypotheses, TranslationData data)
    {
        var text = hypotheses.Select(data.Decode).ToArray();
        return new TranslationScores(CorpusBleu.Score(text, data.Test.References).Score, CorpusChrf.Score(text, data.Test.References).Score, text);
    }

    private static void Log(RunLog run, IReadOnlyList<EpochResult> history, TranslationRunResult result)
    {
        foreach (var e in history)
        {
            run.LogEpoch(e.Epoch, "train_loss", e.Train.MeanLoss);
            run.LogEpoch(e.Epoch, "train_nll", e.Train.Mean("nll"));
            run.LogEpoch(e.Epoch, "valid_loss", e.Valid!.MeanLoss);
            run.LogEpoch(e.Epoch, "valid_nll", e.Valid.Mean("nll"));
            run.LogEpoch(e.Epoch, "lr", e.LearningRate);
            run.LogEpoch(e.Epoch, "seconds", e.Seconds);
            if (result.ValidBleuByEpoch.TryGetValue(e.Epoch, out var bleu)) run.LogEpoch(e.Epoch, "valid_bleu", bleu);
        }
        run.SetResult("valid_bleu", result.ValidBleu);
        run.SetResult("best_epoch", result.BestEpoch);
        run.SetResult("valid_nll", result.ValidNll);
        run.SetResult("test_bleu_greedy", result.Greedy.Bleu);
        run.SetResult("test_chrf_greedy", result.Greedy.Chrf);
        run.SetResult($"test_bleu_beam{BeamSize}", result.Beam.Bleu);
        run.SetResult($"test_chrf_beam{BeamSize}", result.Beam.Chrf);
        run.SetResult("train_seconds", result.Seconds);
        run.Complete();
    }
}
