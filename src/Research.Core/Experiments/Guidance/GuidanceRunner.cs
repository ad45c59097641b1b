using Research.Core.Data.Loading;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Guidance;

/// <summary>One run of E1 (a deep FCN target), E2 (a plain CNN target) or E2's gate (the plain CNN or the ResNet of its
/// shape, unguided): an arm, the data set (plain or translated Fashion-MNIST), a seed, and optional overrides (PlainBlocks:
/// E2's blocks per stage; TrainImages: the training-set size). With CacheGuide the target trains on
/// <see cref="FixedBatches"/> and the guide's Grams are computed once per batch.</summary>
public sealed record GuidanceRunSpec(GuidanceArm Arm, bool Translated, int Seed, int? Epochs = null, double? LearningRate = null,
    double Alpha = 1.0, CkaEstimator Estimator = CkaEstimator.Biased, bool CacheGuide = false, GuidanceTarget Target = GuidanceTarget.DeepFcn,
    int? PlainBlocks = null, int? TrainImages = null);

/// <summary>
/// What a run of E1, E2 or E3 produced (Translated: E1/E2's translated images; false for E3's copy task): per epoch the
/// mean training cross entropy (dropout on, as trained), the test cross entropy and accuracy (E3: token accuracy at the
/// scored positions); the test accuracy at the end and at its best epoch; the guide's own test accuracy (NaN when untrained);
/// each (target ← guide) pair's test CKA before and after training (for the base arm, against an untrained guide it
/// never sees); wall time of the target's training; the validation cross entropy at the end (NaN where the experiment has
/// no validation set) and the learning rate; Reused when read back from the run store instead of trained.
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
    long RunId,
    double ValidLoss = double.NaN,
    double LearningRate = double.NaN,
    bool Reused = false);

/// <summary>Trains one E1 or E2 run through the kit's trainer and logs steps, epochs and results to the run store.</summary>
public static class GuidanceRunner
{
    public const string Experiment = "guidance";

    /// <summary>Trains one run. With <paramref name="reuse"/>, a completed run of the same configuration, seed and code
    /// revision in <paramref name="store"/> is returned instead (<see cref="Find"/>).</summary>
    public static GuidanceRunResult Run(GuidanceScale scale, GuidanceRunSpec spec, GuidanceData data, RunStore? store = null,
        ITrainingObserver? observer = null, bool reuse = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        Check(scale, spec, data);
        if (reuse && store is not null && Find(scale, spec, store) is { } finished) return finished;
        using var run = store?.Start(Experiment, ConfigOf(scale, spec), spec.Seed);
        return run.Guard(() =>
        {
            var result = Train(scale, spec, data, spec.Epochs ?? scale.Epochs, LearningRate(scale, spec), run, observer, cancel);
            run?.Complete();
            return result;
        });
    }

    /// <summary>The configuration a run is stored under: everything that changes its result.</summary>
    public static object ConfigOf(GuidanceScale scale, GuidanceRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(spec);
        var fcn = spec.Target == GuidanceTarget.DeepFcn;
        return new
        {
            paper = "Subramaniam et al. 2025 (guidance)", scale = scale.Name, arm = spec.Arm.Label(), target = spec.Target.Label(), data = spec.Translated ? "fashion-mnist-translated" : "fashion-mnist",
            spec.Seed, epochs = spec.Epochs ?? scale.Epochs, lr = LearningRate(scale, spec), batch = scale.Batch, trainImages = spec.TrainImages ?? scale.TrainImages, scale.ValidImages, scale.TestImages,
            depth = fcn ? scale.Depth : 6 * PlainBlocks(scale, spec) + 2, width = fcn ? scale.Width : scale.PlainWidth,
            dropout = fcn ? scale.Dropout : 0, guideBlocks = GuideBlocks(scale, spec), guideWidth = GuideWidth(scale, spec),
            guideEpochs = spec.Arm == GuidanceArm.Trained ? scale.GuideEpochs : 0, alpha = spec.Arm == GuidanceArm.Base ? 0 : spec.Alpha,
            estimator = spec.Estimator.ToString(), spec.CacheGuide, guidedSteps = spec.Arm == GuidanceArm.Initialisation ? scale.InitialisationSteps : (int?)null,
        };
    }

    /// <summary>The result of a completed run of this configuration and seed made by this code revision, or null.</summary>
    public static GuidanceRunResult? Find(GuidanceScale scale, GuidanceRunSpec spec, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.FindCompleted(Experiment, ConfigOf(scale, spec), spec.Seed) is not { } run) return null;
        // The pair names are the models' layer names: one pass over two blank images of the run's shape gives them.
        var side = spec.Translated ? scale.Canvas : FashionMnistSide;
        using var images = zeros(2, 1, side, side);
        using var labels = zeros(2, dtype: ScalarType.Int64);
        using var guide = Guide(scale, spec, images.shape[1]);
        using var target = Target(scale, spec, images.shape[1], side * side);
        using var objective = new GuidanceObjective(target, guide, new GuidanceOptions(alpha: 0));
        var pairs = GuidanceResultLog.PairNames(target, objective, new TensorBatchSource(new TensorDataLoader([images, labels], 2)), () => objective.PairNames);
        return GuidanceResultLog.Read(store, run, spec.Arm.Label(), spec.Translated, pairs, LearningRate(scale, spec));
    }

    private const int FashionMnistSide = 28;

    private static void Check(GuidanceScale scale, GuidanceRunSpec spec, GuidanceData data)
    {
        if (data.Translated != spec.Translated || data.Train.Count != (spec.TrainImages ?? scale.TrainImages)
            || data.Valid.Count != scale.ValidImages || data.Test.Count != scale.TestImages)
            throw new ArgumentException($"GuidanceRunner: the run wants {(spec.Translated ? "translated" : "plain")} data with {spec.TrainImages ?? scale.TrainImages} training, " +
                $"{scale.ValidImages} validation and {scale.TestImages} test images; the data given is {(data.Translated ? "translated" : "plain")} with " +
                $"{data.Train.Count}, {data.Valid.Count} and {data.Test.Count} (GuidanceData.Load(scale, translated, trainImages) makes the right one)", nameof(data));
        if (spec.Target == GuidanceTarget.ResNet && spec.Arm != GuidanceArm.Base)
            throw new ArgumentException($"GuidanceRunner: target resnet is E2's unguided reference (the gate); its arm must be base, not {spec.Arm.Label()}", nameof(spec));
        if (spec.PlainBlocks is < 1) throw new ArgumentOutOfRangeException(nameof(spec), $"GuidanceRunner: PlainBlocks must be at least 1, got {spec.PlainBlocks}");
    }

    private static double LearningRate(GuidanceScale scale, GuidanceRunSpec spec) => spec.LearningRate ?? scale.LearningRate;

    private static GuidanceRunResult Train(GuidanceScale scale, GuidanceRunSpec spec, GuidanceData data, int epochs, double learningRate,
        RunLog? run, ITrainingObserver? observer, CancellationToken cancel)
    {
        var train = new TensorBatchSource(new TensorDataLoader([data.Train.Images, data.Train.Labels], scale.Batch, shuffle: true, seed: spec.Seed));
        var valid = new TensorBatchSource(new TensorDataLoader([data.Valid.Images, data.Valid.Labels], scale.Batch));
        var test = new TensorBatchSource(new TensorDataLoader([data.Test.Images, data.Test.Labels], scale.Batch));
        using var guide = Guide(scale, spec, data.Train.Images.shape[1]);
        var guideAccuracy = GuideTraining.Prepare(guide, new ClassificationObjective(guide), spec.Arm == GuidanceArm.Trained,
            scale.GuideEpochs, scale.LearningRate, train, test, run, cancel);
        using var target = Target(scale, spec, data.Train.Images.shape[1], data.Inputs);

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
        var result = GuidedFit.Run(trainer, targetTrain, test, () => objective.PairNames, () => objective.Steps, on => objective.MeasureInEvaluation = on,
            spec.Arm.Label(), data.Translated, spec.Seed,
            guideAccuracy, run, $"{spec.Target.Label()} {spec.Arm.Label()} seed {spec.Seed}", cancel);
        var validation = trainer.Evaluate(valid);
        run?.SetResult("valid_ce", validation.MeanLoss);
        run?.SetResult("valid_accuracy", validation.Accuracy);
        return result with { ValidLoss = validation.MeanLoss, LearningRate = learningRate };
    }

    /// <summary>The guide, seeded by the run's seed.</summary>
    private static ResNet Guide(GuidanceScale scale, GuidanceRunSpec spec, long channels)
    {
        manual_seed(spec.Seed);
        return new ResNet(new ResNetConfig(GuideBlocks(scale, spec), GuideWidth(scale, spec), channels));
    }

    /// <summary>E1's deep FCN, E2's plain-(6k+2) CNN (a ResNet without shortcuts, BN kept; guidance.md E2), or the
    /// ResNet of that shape; seeded by seed + 1000 after the guide is ready, so every arm's target starts alike.</summary>
    private static nn.Module<Tensor, Tensor> Target(GuidanceScale scale, GuidanceRunSpec spec, long channels, long inputs)
    {
        manual_seed(spec.Seed + 1000);
        return spec.Target switch
        {
            GuidanceTarget.DeepFcn => new DeepFcn(new DeepFcnConfig(inputs, scale.Depth, scale.Width, Classes: 10, scale.Dropout)),
            _ => new ResNet(new ResNetConfig(StageBlocks(scale, spec), scale.PlainWidth, channels, Residual: spec.Target == GuidanceTarget.ResNet)),
        };
    }

    private static int PlainBlocks(GuidanceScale scale, GuidanceRunSpec spec) => spec.PlainBlocks ?? scale.PlainBlocks;

    private static int[] StageBlocks(GuidanceScale scale, GuidanceRunSpec spec) => [PlainBlocks(scale, spec), PlainBlocks(scale, spec), PlainBlocks(scale, spec)];

    /// <summary>E1's small ResNet guide; for E2 the ResNet of the plain target's own depth and width.</summary>
    private static int[] GuideBlocks(GuidanceScale scale, GuidanceRunSpec spec) =>
        spec.Target == GuidanceTarget.DeepFcn ? scale.GuideBlocksOrDefault : StageBlocks(scale, spec);

    private static long GuideWidth(GuidanceScale scale, GuidanceRunSpec spec) =>
        spec.Target == GuidanceTarget.DeepFcn ? scale.GuideWidth : scale.PlainWidth;
}
