using Research.Core.Data.Synthetic;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Guidance;

/// <summary>One run of E3: an arm (base, untrained or trained guide), a seed, and optional overrides.</summary>
public sealed record CopyGuidanceRunSpec(GuidanceArm Arm, int Seed, int? Epochs = null, double? LearningRate = null,
    double Alpha = 1.0, CkaEstimator Estimator = CkaEstimator.Biased);

/// <summary>Trains one E3 run (an RNN on the copy task, guided by a causal Transformer) and logs it to the run store.</summary>
public static class CopyGuidanceRunner
{
    public const string Experiment = "guidance-copy";

    /// <summary>The data seeds: every arm and seed sees the same training and test sequences.</summary>
    private const int TrainDataSeed = 1, TestDataSeed = 2;

    /// <summary>Trains one run. With <paramref name="reuse"/>, a completed run of the same configuration, seed and code
    /// revision in <paramref name="store"/> is returned instead (<see cref="Find"/>).</summary>
    public static GuidanceRunResult Run(CopyGuidanceScale scale, CopyGuidanceRunSpec spec, RunStore? store = null,
        ITrainingObserver? observer = null, bool reuse = false, CancellationToken cancel = default)
    {
        var config = ConfigOf(scale, spec);
        if (reuse && store is not null && Find(scale, spec, store) is { } finished) return finished;
        using var run = store?.Start(Experiment, config, spec.Seed);
        return run.Guard(() =>
        {
            var result = Train(scale, spec, spec.Epochs ?? scale.Epochs, spec.LearningRate ?? scale.LearningRate, run, observer, cancel);
            run?.Complete();
            return result;
        });
    }

    /// <summary>The configuration a run is stored under: everything that changes its result.</summary>
    public static object ConfigOf(CopyGuidanceScale scale, CopyGuidanceRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Arm == GuidanceArm.Initialisation)
            throw new ArgumentException("CopyGuidanceRunner: the copy task has the arms base, untrained and trained (guidance as initialisation is E1's)", nameof(spec));
        return new
        {
            paper = "Subramaniam et al. 2025 (guidance)", scale = scale.Name, arm = spec.Arm.Label(), task = "copy", spec.Seed, epochs = spec.Epochs ?? scale.Epochs,
            lr = spec.LearningRate ?? scale.LearningRate, batch = scale.Batch, trainSequences = scale.TrainSequences, testSequences = scale.TestSequences,
            lengths = new[] { scale.MinLength, scale.MaxLength },
            rnn = new { layers = scale.RnnLayers, hidden = scale.RnnHidden, embedding = scale.RnnEmbedding },
            guide = new { layers = scale.GuideLayers, model = scale.GuideModel, heads = scale.GuideHeads, feedForward = scale.GuideFeedForward },
            guideEpochs = spec.Arm == GuidanceArm.Trained ? scale.GuideEpochs : 0, alpha = spec.Arm == GuidanceArm.Base ? 0 : spec.Alpha,
            estimator = spec.Estimator.ToString(),
        };
    }

    /// <summary>The result of a completed run of this configuration and seed made by this code revision, or null.</summary>
    public static GuidanceRunResult? Find(CopyGuidanceScale scale, CopyGuidanceRunSpec spec, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.FindCompleted(Experiment, ConfigOf(scale, spec), spec.Seed) is not { } run) return null;
        using var guide = Guide(scale, spec);
        using var target = Target(scale, spec);
        using var objective = new SequenceGuidanceObjective(target, guide, new GuidanceOptions(alpha: 0));
        var sample = new SequenceBatches(CopyTask.Generate(2, TestDataSeed, scale.MinLength, scale.MaxLength), 2, CopyTask.Blank);
        var pairs = GuidanceResultLog.PairNames(target, objective, sample, () => objective.PairNames);
        return GuidanceResultLog.Read(store, run, spec.Arm.Label(), translated: false, pairs, spec.LearningRate ?? scale.LearningRate);
    }

    /// <summary>The guide, seeded by the run's seed.</summary>
    private static CausalTransformer Guide(CopyGuidanceScale scale, CopyGuidanceRunSpec spec)
    {
        manual_seed(spec.Seed);
        return new CausalTransformer(new CausalTransformerConfig(CopyTask.VocabularySize, scale.GuideModel, scale.GuideHeads, scale.GuideFeedForward, scale.GuideLayers,
            MaxLength: 2 * scale.MaxLength + 2));
    }

    /// <summary>The target, seeded by seed + 1000 after the guide is ready, so every arm's target starts alike.</summary>
    private static SequenceRnn Target(CopyGuidanceScale scale, CopyGuidanceRunSpec spec)
    {
        manual_seed(spec.Seed + 1000);
        return new SequenceRnn(new SequenceRnnConfig(CopyTask.VocabularySize, scale.RnnEmbedding, scale.RnnHidden, scale.RnnLayers));
    }

    private static GuidanceRunResult Train(CopyGuidanceScale scale, CopyGuidanceRunSpec spec, int epochs, double learningRate,
        RunLog? run, ITrainingObserver? observer, CancellationToken cancel)
    {
        var train = new SequenceBatches(CopyTask.Generate(scale.TrainSequences, TrainDataSeed, scale.MinLength, scale.MaxLength), scale.Batch, CopyTask.Blank, seed: spec.Seed);
        var test = new SequenceBatches(CopyTask.Generate(scale.TestSequences, TestDataSeed, scale.MinLength, scale.MaxLength), scale.Batch, CopyTask.Blank);
        using var guide = Guide(scale, spec);
        var guideAccuracy = GuideTraining.Prepare(guide, new SequenceCrossEntropyObjective(guide), spec.Arm == GuidanceArm.Trained,
            scale.GuideEpochs, scale.LearningRate, train, test, run, cancel);
        using var target = Target(scale, spec);

        var options = new GuidanceOptions(spec.Arm == GuidanceArm.Base ? 0 : spec.Alpha, spec.Estimator);
        using var objective = new SequenceGuidanceObjective(target, guide, options);
        var trainer = new Trainer<SequenceBatch>(target, objective,
            new TrainerOptions(epochs, p => optim.Adam(p, lr: learningRate), RestoreBest: false),
            TrainingObservers.Combine(observer, run is null ? null : new GuidanceStepLog(run)));
        var result = GuidedFit.Run(trainer, train, test, () => objective.PairNames, () => objective.Steps, on => objective.MeasureInEvaluation = on,
            spec.Arm.Label(), translated: false, spec.Seed,
            guideAccuracy, run, $"copy {spec.Arm.Label()} seed {spec.Seed}", cancel);
        return result with { LearningRate = learningRate };
    }
}
