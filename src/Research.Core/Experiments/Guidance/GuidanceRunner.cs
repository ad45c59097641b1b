using Research.Core.Data.Loading;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Guidance;

/// <summary>One run of E1 (a deep FCN target) or E2 (a plain CNN target): an arm, the data set (plain or translated
/// Fashion-MNIST), a seed, and optional overrides. With CacheGuide the target trains on <see cref="FixedBatches"/> and
/// the guide's Grams are computed once per batch.</summary>
public sealed record GuidanceRunSpec(GuidanceArm Arm, bool Translated, int Seed, int? Epochs = null, double? LearningRate = null,
    double Alpha = 1.0, CkaEstimator Estimator = CkaEstimator.Biased, bool CacheGuide = false, GuidanceTarget Target = GuidanceTarget.DeepFcn);

/// <summary>
/// What a run of E1, E2 or E3 produced (Translated: E1/E2's translated images; false for E3's copy task): per epoch the
/// mean training cross entropy (dropout on, as trained), the test cross entropy and accuracy (E3: token accuracy at the
/// scored positions); the test accuracy at the end and at its best epoch; the guide's own test accuracy (NaN when untrained);
/// each (target ← guide) pair's test CKA before and after training (for the base arm, against an untrained guide it
/// never sees); wall time of the target's training.
/// </summary>
public sealed record GuidanceRunResult(
    string Arm,
    bool Translated,
    int Seed,
    double[] TrainLoss,
    double[] TestLoss,
    double[] TestAccuracy,
    double FinalTestAccuracy,
    double BestTestAccuracy,
    double GuideTestAccuracy,
    IReadOnlyList<string> Pairs,
    double[] CkaBefore,
    double[] CkaAfter,
    double Seconds,
    long Steps,
    long RunId);

/// <summary>Trains one E1 run through the kit's trainer and logs steps, epochs and results to the run store.</summary>
public static class GuidanceRunner
{
    public const string Experiment = "guidance";

    public static GuidanceRunResult Run(GuidanceScale scale, GuidanceRunSpec spec, GuidanceData data, RunStore? store = null,
        ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        var epochs = spec.Epochs ?? scale.Epochs;
        var learningRate = spec.LearningRate ?? scale.LearningRate;
        var config = new
        {
            paper = "Subramaniam et al. 2025 (guidance)", scale = scale.Name, arm = spec.Arm.Label(), target = spec.Target.Label(), data = data.Translated ? "fashion-mnist-translated" : "fashion-mnist",
            spec.Seed, epochs, lr = learningRate, batch = scale.Batch, trainImages = data.Train.Count, testImages = data.Test.Count,
            depth = spec.Target == GuidanceTarget.DeepFcn ? scale.Depth : 6 * scale.PlainBlocks + 2, width = spec.Target == GuidanceTarget.DeepFcn ? scale.Width : scale.PlainWidth,
            dropout = spec.Target == GuidanceTarget.DeepFcn ? scale.Dropout : 0, guideBlocks = GuideBlocks(scale, spec), guideWidth = GuideWidth(scale, spec),
            guideEpochs = spec.Arm == GuidanceArm.Trained ? scale.GuideEpochs : 0, alpha = spec.Arm == GuidanceArm.Base ? 0 : spec.Alpha,
            estimator = spec.Estimator.ToString(), spec.CacheGuide, guidedSteps = spec.Arm == GuidanceArm.Initialisation ? scale.InitialisationSteps : (int?)null,
        };
        using var run = store?.Start(Experiment, config, spec.Seed);
        try
        {
            var result = Train(scale, spec, data, epochs, learningRate, run, observer, cancel);
            run?.Complete();
            return result;
        }
        catch (Exception e) when (run is not null)
        {
            run.EndWithError(e);
            throw;
        }
    }

    private static GuidanceRunResult Train(GuidanceScale scale, GuidanceRunSpec spec, GuidanceData data, int epochs, double learningRate,
        RunLog? run, ITrainingObserver? observer, CancellationToken cancel)
    {
        var train = new TensorBatchSource(new TensorDataLoader([data.Train.Images, data.Train.Labels], scale.Batch, shuffle: true, seed: spec.Seed));
        var test = new TensorBatchSource(new TensorDataLoader([data.Test.Images, data.Test.Labels], scale.Batch));
        manual_seed(spec.Seed);
        using var guide = new ResNet(new ResNetConfig(GuideBlocks(scale, spec), GuideWidth(scale, spec), data.Train.Images.shape[1]));
        var guideAccuracy = GuideTraining.Prepare(guide, new ClassificationObjective(guide), spec.Arm == GuidanceArm.Trained,
            scale.GuideEpochs, scale.LearningRate, train, test, run, cancel);

        manual_seed(spec.Seed + 1000);
        using var target = Target(scale, spec, data);
        var options = spec.Arm switch
        {
            GuidanceArm.Base => new GuidanceOptions(alpha: 0, estimator: spec.Estimator),
            GuidanceArm.Initialisation => new GuidanceOptions(spec.Alpha, spec.Estimator, guidanceSteps: scale.InitialisationSteps),
            _ => new GuidanceOptions(spec.Alpha, spec.Estimator),
        };
        if (spec.CacheGuide) options = new GuidanceOptions(options.Alpha, options.Estimator, options.GuidanceSteps, cacheGuide: true);
        using var objective = new GuidanceObjective(target, guide, options);
        IBatchSource<TensorBatch> targetTrain = spec.CacheGuide ? new FixedBatches(data.Train.Images, data.Train.Labels, scale.Batch, spec.Seed) : train;
        var trainer = new Trainer<TensorBatch>(target, objective,
            new TrainerOptions(epochs, p => optim.Adam(p, lr: learningRate), RestoreBest: false),
            TrainingObservers.Combine(observer, run is null ? null : new GuidanceStepLog(run)));
        return GuidedFit.Run(trainer, targetTrain, test, () => objective.PairNames, () => objective.Steps, spec.Arm.Label(), data.Translated, spec.Seed,
            guideAccuracy, run, $"{spec.Arm.Label()} seed {spec.Seed}", cancel);
    }

    /// <summary>E1's deep FCN, or E2's plain-(6k+2) CNN (a ResNet without shortcuts, BN kept; guidance.md E2).</summary>
    private static nn.Module<Tensor, Tensor> Target(GuidanceScale scale, GuidanceRunSpec spec, GuidanceData data) => spec.Target switch
    {
        GuidanceTarget.DeepFcn => new DeepFcn(new DeepFcnConfig(data.Inputs, scale.Depth, scale.Width, Classes: 10, scale.Dropout)),
        _ => new ResNet(new ResNetConfig(PlainBlocks(scale), scale.PlainWidth, data.Train.Images.shape[1], Residual: false)),
    };

    private static int[] PlainBlocks(GuidanceScale scale) => [scale.PlainBlocks, scale.PlainBlocks, scale.PlainBlocks];

    /// <summary>E1's small ResNet guide; for E2 the ResNet of the plain target's own depth and width.</summary>
    private static int[] GuideBlocks(GuidanceScale scale, GuidanceRunSpec spec) =>
        spec.Target == GuidanceTarget.DeepFcn ? scale.GuideBlocksOrDefault : PlainBlocks(scale);

    private static long GuideWidth(GuidanceScale scale, GuidanceRunSpec spec) =>
        spec.Target == GuidanceTarget.DeepFcn ? scale.GuideWidth : scale.PlainWidth;
}
