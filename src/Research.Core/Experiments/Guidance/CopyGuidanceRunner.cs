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

    public static GuidanceRunResult Run(CopyGuidanceScale scale, CopyGuidanceRunSpec spec, RunStore? store = null,
        ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Arm == GuidanceArm.Initialisation)
            throw new ArgumentException("CopyGuidanceRunner: the copy task has the arms base, untrained and trained (guidance as initialisation is E1's)", nameof(spec));
        var epochs = spec.Epochs ?? scale.Epochs;
        var learningRate = spec.LearningRate ?? scale.LearningRate;
        var config = new
        {
            paper = "Subramaniam et al. 2025 (guidance)", scale = scale.Name, arm = spec.Arm.Label(), task = "copy", spec.Seed, epochs, lr = learningRate,
            batch = scale.Batch, trainSequences = scale.TrainSequences, testSequences = scale.TestSequences, lengths = new[] { scale.MinLength, scale.MaxLength },
            rnn = new { layers = scale.RnnLayers, hidden = scale.RnnHidden, embedding = scale.RnnEmbedding },
            guide = new { layers = scale.GuideLayers, model = scale.GuideModel, heads = scale.GuideHeads, feedForward = scale.GuideFeedForward },
            guideEpochs = spec.Arm == GuidanceArm.Trained ? scale.GuideEpochs : 0, alpha = spec.Arm == GuidanceArm.Base ? 0 : spec.Alpha,
            estimator = spec.Estimator.ToString(),
        };
        using var run = store?.Start(Experiment, config, spec.Seed);
        return run.Guard(() =>
        {
            var result = Train(scale, spec, epochs, learningRate, run, observer, cancel);
            run?.Complete();
            return result;
        });
    }

    private static GuidanceRunResult Train(CopyGuidanceScale scale, CopyGuidanceRunSpec spec, int epochs, double learningRate,
        RunLog? run, ITrainingObserver? observer, CancellationToken cancel)
    {
        var train = new SequenceBatches(CopyTask.Generate(scale.TrainSequences, TrainDataSeed, scale.MinLength, scale.MaxLength), scale.Batch, CopyTask.Blank, seed: spec.Seed);
        var test = new SequenceBatches(CopyTask.Generate(scale.TestSequences, TestDataSeed, scale.MinLength, scale.MaxLength), scale.Batch, CopyTask.Blank);
        manual_seed(spec.Seed);
        using var guide = new CausalTransformer(new CausalTransformerConfig(CopyTask.VocabularySize, scale.GuideModel, scale.GuideHeads, scale.GuideFeedForward, scale.GuideLayers,
            MaxLength: 2 * scale.MaxLength + 2));
        var guideAccuracy = GuideTraining.Prepare(guide, new SequenceCrossEntropyObjective(guide), spec.Arm == GuidanceArm.Trained,
            scale.GuideEpochs, scale.LearningRate, train, test, run, cancel);

        manual_seed(spec.Seed + 1000);
        using var target = new SequenceRnn(new SequenceRnnConfig(CopyTask.VocabularySize, scale.RnnEmbedding, scale.RnnHidden, scale.RnnLayers));
        var options = new GuidanceOptions(spec.Arm == GuidanceArm.Base ? 0 : spec.Alpha, spec.Estimator);
        using var objective = new SequenceGuidanceObjective(target, guide, options);
        var trainer = new Trainer<SequenceBatch>(target, objective,
            new TrainerOptions(epochs, p => optim.Adam(p, lr: learningRate), RestoreBest: false),
            TrainingObservers.Combine(observer, run is null ? null : new GuidanceStepLog(run)));
        return GuidedFit.Run(trainer, train, test, () => objective.PairNames, () => objective.Steps, spec.Arm.Label(), translated: false, spec.Seed,
            guideAccuracy, run, $"copy {spec.Arm.Label()} seed {spec.Seed}", cancel);
    }
}
