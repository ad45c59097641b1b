using Research.Core.Data.Synthetic;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Guidance;

/// <summary>E3's sequence tasks: the copy task (an RNN guided by a Transformer) and the parity arm (a Transformer
/// guided by an RNN, the paper's direction for parity).</summary>
public enum SequenceGuidanceTask { Copy, Parity }

/// <summary>One run of E3: an arm (base, untrained or trained guide), a seed, optional overrides, and the task.</summary>
public sealed record CopyGuidanceRunSpec(GuidanceArm Arm, int Seed, int? Epochs = null, double? LearningRate = null,
    double Alpha = 1.0, CkaEstimator Estimator = CkaEstimator.Biased, SequenceGuidanceTask Task = SequenceGuidanceTask.Copy);

/// <summary>
/// Trains one E3 run and logs it to the run store: on the copy task a tanh RNN guided by a causal Transformer; on
/// parity (bit strings, the parity scored at a final query token) the causal Transformer guided by the RNN. A
/// reconstruction of the paper's parity arm, whose target is a mean-pooled Transformer encoder with a BCE head.
/// </summary>
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
            paper = "Subramaniam et al. 2025 (guidance)", scale = scale.Name, arm = spec.Arm.Label(), task = TaskName(spec.Task), spec.Seed, epochs = spec.Epochs ?? scale.Epochs,
            lr = spec.LearningRate ?? scale.LearningRate, batch = scale.Batch, trainSequences = scale.TrainSequences, testSequences = scale.TestSequences,
            lengths = Lengths(scale, spec.Task),
            rnn = new { layers = scale.RnnLayers, hidden = scale.RnnHidden, embedding = scale.RnnEmbedding },
            guide = new { layers = scale.GuideLayers, model = scale.GuideModel, heads = scale.GuideHeads, feedForward = scale.GuideFeedForward },
            guided = spec.Task == SequenceGuidanceTask.Copy ? "rnn by transformer" : "transformer by rnn",
            guideEpochs = spec.Arm == GuidanceArm.Trained ? scale.GuideEpochs : 0, alpha = spec.Arm == GuidanceArm.Base ? 0 : spec.Alpha,
            estimator = spec.Estimator.ToString(),
        };
    }

    /// <summary>The result of a completed run of this configuration and seed made by this code revision, or null.</summary>
    public static GuidanceRunResult? Find(CopyGuidanceScale scale, CopyGuidanceRunSpec spec, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.FindCompleted(Experiment, ConfigOf(scale, spec), spec.Seed) is not { } run) return null;
        var (guide, target) = Models(scale, spec);
        using (guide)
        using (target)
        {
            using var objective = new SequenceGuidanceObjective(target, guide, new GuidanceOptions(alpha: 0));
            var sample = new SequenceBatches(Examples(scale, spec.Task, 2, TestDataSeed), 2, Pad);
            var pairs = GuidanceResultLog.PairNames(target, objective, sample, () => objective.PairNames);
            return GuidanceResultLog.Read(store, run, spec.Arm.Label(), translated: false, pairs, spec.LearningRate ?? scale.LearningRate);
        }
    }

    /// <summary>"copy" or "parity": the tables' data column and the config's task.</summary>
    public static string TaskName(SequenceGuidanceTask task) => task == SequenceGuidanceTask.Copy ? "copy" : "parity";

    /// <summary>Both tasks pad with 0 (the copy task's blank, parity's padding).</summary>
    private const int Pad = 0;

    private static int[] Lengths(CopyGuidanceScale scale, SequenceGuidanceTask task) =>
        task == SequenceGuidanceTask.Copy ? [scale.MinLength, scale.MaxLength] : [scale.ParityMinLength, scale.ParityMaxLength];

    private static List<SequenceExample> Examples(CopyGuidanceScale scale, SequenceGuidanceTask task, int count, int seed) =>
        task == SequenceGuidanceTask.Copy
            ? CopyTask.Generate(count, seed, scale.MinLength, scale.MaxLength)
            : ParityTask.GenerateSequences(count, seed, scale.ParityMinLength, scale.ParityMaxLength);

    /// <summary>The guide, seeded by the run's seed, then the target, seeded by seed + 1000 after the guide is ready,
    /// so every arm's target starts alike. Copy: RNN target, Transformer guide; parity: the other way round.</summary>
    private static (nn.Module<Tensor, Tensor> Guide, nn.Module<Tensor, Tensor> Target) Models(CopyGuidanceScale scale, CopyGuidanceRunSpec spec)
    {
        var copy = spec.Task == SequenceGuidanceTask.Copy;
        var (vocabulary, longest) = copy ? (CopyTask.VocabularySize, 2L * scale.MaxLength + 2) : (ParityTask.SequenceVocabulary, scale.ParityMaxLength + 1L);
        nn.Module<Tensor, Tensor> Transformer() => new CausalTransformer(new CausalTransformerConfig(vocabulary, scale.GuideModel, scale.GuideHeads,
            scale.GuideFeedForward, scale.GuideLayers, MaxLength: longest));
        nn.Module<Tensor, Tensor> Rnn() => new SequenceRnn(new SequenceRnnConfig(vocabulary, scale.RnnEmbedding, scale.RnnHidden, scale.RnnLayers));
        manual_seed(spec.Seed);
        var guide = copy ? Transformer() : Rnn();
        manual_seed(spec.Seed + 1000);
        var target = copy ? Rnn() : Transformer();
        return (guide, target);
    }

    private static GuidanceRunResult Train(CopyGuidanceScale scale, CopyGuidanceRunSpec spec, int epochs, double learningRate,
        RunLog? run, ITrainingObserver? observer, CancellationToken cancel)
    {
        var train = new SequenceBatches(Examples(scale, spec.Task, scale.TrainSequences, TrainDataSeed), scale.Batch, Pad, seed: spec.Seed);
        var test = new SequenceBatches(Examples(scale, spec.Task, scale.TestSequences, TestDataSeed), scale.Batch, Pad);
        var (guide, target) = Models(scale, spec);
        using var guideModule = guide;
        using var targetModule = target;
        var guideAccuracy = GuideTraining.Prepare(guide, new SequenceCrossEntropyObjective(guide), spec.Arm == GuidanceArm.Trained,
            scale.GuideEpochs, scale.LearningRate, train, test, run, cancel);

        var options = new GuidanceOptions(spec.Arm == GuidanceArm.Base ? 0 : spec.Alpha, spec.Estimator);
        using var objective = new SequenceGuidanceObjective(target, guide, options);
        var trainer = new Trainer<SequenceBatch>(target, objective,
            new TrainerOptions(epochs, p => optim.Adam(p, lr: learningRate), RestoreBest: false),
            TrainingObservers.Combine(observer, run is null ? null : new GuidanceStepLog(run)));
        var result = GuidedFit.Run(trainer, train, test, () => objective.PairNames, () => objective.Steps, on => objective.MeasureInEvaluation = on,
            spec.Arm.Label(), translated: false, spec.Seed,
            guideAccuracy, run, $"{TaskName(spec.Task)} {spec.Arm.Label()} seed {spec.Seed}", cancel);
        return result with { LearningRate = learningRate };
    }
}
