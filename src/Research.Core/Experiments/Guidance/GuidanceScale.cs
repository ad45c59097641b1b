namespace Research.Core.Experiments.Guidance;

/// <summary>
/// The size of the guidance experiment E1 (guidance.md §4 with the v2 update: Adam, batch 256): a deep FCN of
/// <see cref="Depth"/> × <see cref="Width"/> on a training subset of Fashion-MNIST (or its translated version), a
/// CIFAR-style ResNet guide with <see cref="GuideBlocks"/> BasicBlocks per stage at <see cref="GuideWidth"/> channels,
/// trained for <see cref="GuideEpochs"/> first when the arm wants a trained guide. E2's target is a plain-(6k+2) CNN,
/// k = <see cref="PlainBlocks"/> BasicBlocks per stage without shortcuts at <see cref="PlainWidth"/>/2×/4× channels,
/// guided by the ResNet of the same shape. <see cref="ValidImages"/> held-out images are the validation set the
/// baseline's learning rate is chosen on (v2: the lowest validation loss over <see cref="LearningRates"/>). E2's gate
/// (the note's §4) trains plain-(6k+2) and ResNet-(6k+2) for <see cref="GateEpochs"/> epochs on <see cref="GateImages"/>
/// images at each k of <see cref="GateBlocks"/> and keeps the smallest depth where plain trails ResNet by 2 points; E2's
/// runs are long, so they train <see cref="PlainEpochs"/> epochs with the first <see cref="LongRunSeeds"/> seeds (the
/// note: "5 seeds for images, 3 where a run is long"). With <see cref="CacheGuide"/> every run of the grid trains on
/// batches of fixed membership and the guide's Grams are computed once per batch (the note's §4 caching; the base arm
/// sees the same batches, so the arms differ only by the guide).
/// </summary>
public sealed record GuidanceScale(
    string Name,
    int TrainImages,
    int TestImages,
    int Epochs,
    int Depth = 20,
    long Width = 256,
    double Dropout = 0.1,
    int[]? GuideBlocks = null,
    long GuideWidth = 16,
    int GuideEpochs = 5,
    int Batch = 256,
    double LearningRate = 1e-3,
    int InitialisationSteps = 300,
    int Canvas = 40,
    int PlainBlocks = 3,
    long PlainWidth = 8,
    int ValidImages = 1000,
    int GateImages = 10_000,
    int GateEpochs = 3,
    double[]? LearningRates = null,
    int[]? GateBlocks = null,
    int? PlainEpochs = null,
    int LongRunSeeds = 5,
    bool CacheGuide = false)
{
    /// <summary>E2's epochs: <see cref="PlainEpochs"/>, or E1's.</summary>
    public int PlainEpochsOrDefault => PlainEpochs ?? Epochs;

    public int[] GuideBlocksOrDefault => GuideBlocks ?? [1, 1, 1];

    /// <summary>The baseline's learning-rate grid (five values around Adam's 10⁻³).</summary>
    public IReadOnlyList<double> LearningRatesOrDefault => LearningRates ?? [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];

    /// <summary>The gate's blocks per stage: plain-20, plain-32 and plain-44.</summary>
    public IReadOnlyList<int> GateBlocksOrDefault => GateBlocks ?? [3, 5, 7];

    /// <summary>Minutes on one core: 2k images (1k for validation, 1k for the gate), 6 epochs (48 steps), ResNet-8 guide at width 8.</summary>
    public static GuidanceScale Quick { get; } = new("quick", TrainImages: 2000, TestImages: 2000, Epochs: 6, GuideWidth: 8, GuideEpochs: 3, InitialisationSteps: 16,
        GateImages: 1000);

    /// <summary>The note's E1: 5k images (5k held out for validation), the full test set, 30 epochs, ResNet-8 at width 16
    /// trained 5 epochs, 300 guided steps as initialisation, guide Grams cached; E2's gate on 10k images for 3 epochs,
    /// E2 itself 8 epochs (the note's setting) with 3 seeds: a guided plain-CNN step computes n × n Grams over every
    /// wide convolution of both networks (the note estimates 140 MFLOP an example), which caching cannot remove.</summary>
    public static GuidanceScale Full { get; } = new("full", TrainImages: 5000, TestImages: 10000, Epochs: 30, ValidImages: 5000, PlainEpochs: 8,
        LongRunSeeds: 3, CacheGuide: true);

    /// <summary>Seconds a run, for smoke tests of the pipeline (a sweep in child processes): 256 images, a 4 × 64 FCN,
    /// plain-8/14 in the gate; nothing to read results from.</summary>
    public static GuidanceScale Toy { get; } = new("toy", TrainImages: 256, TestImages: 128, Epochs: 1, Depth: 4, Width: 64, GuideWidth: 4, GuideEpochs: 1,
        Batch: 64, InitialisationSteps: 2, PlainBlocks: 1, PlainWidth: 4, ValidImages: 128, GateImages: 256, GateEpochs: 1, GateBlocks: [1, 2]);

    public static GuidanceScale Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        "toy" => Toy,
        _ => throw new ArgumentException($"unknown scale '{name}': expected quick, full or toy"),
    };
}

/// <summary>The network being trained: E1's deep FCN, E2's plain CNN, or the ResNet of E2's shape (the gate's reference,
/// unguided).</summary>
public enum GuidanceTarget { DeepFcn, PlainCnn, ResNet }

/// <summary>The arms of E1: no guide, an untrained or a trained guide throughout, an untrained guide for the first
/// <see cref="GuidanceScale.InitialisationSteps"/> steps only (v2's guidance as initialisation).</summary>
public enum GuidanceArm { Base, Untrained, Trained, Initialisation }

public static class GuidanceArms
{
    public static string Label(this GuidanceArm arm) => arm switch
    {
        GuidanceArm.Base => "base",
        GuidanceArm.Untrained => "untrained",
        GuidanceArm.Trained => "trained",
        _ => "init",
    };

    public static string Label(this GuidanceTarget target) => target switch
    {
        GuidanceTarget.DeepFcn => "fcn",
        GuidanceTarget.PlainCnn => "plain-cnn",
        _ => "resnet",
    };

    public static GuidanceTarget ParseTarget(string name) => name switch
    {
        "fcn" => GuidanceTarget.DeepFcn,
        "plain-cnn" => GuidanceTarget.PlainCnn,
        "resnet" => GuidanceTarget.ResNet,
        _ => throw new ArgumentException($"unknown target '{name}': expected fcn, plain-cnn or resnet"),
    };

    public static GuidanceArm Parse(string name) => name switch
    {
        "base" => GuidanceArm.Base,
        "untrained" => GuidanceArm.Untrained,
        "trained" => GuidanceArm.Trained,
        "init" => GuidanceArm.Initialisation,
        _ => throw new ArgumentException($"unknown arm '{name}': expected base, untrained, trained or init"),
    };
}
