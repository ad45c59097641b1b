namespace Research.Core.Experiments.Guidance;

/// <summary>
/// The size of the guidance experiment E1 (guidance.md §4 with the v2 update: Adam, batch 256): a deep FCN of
/// <see cref="Depth"/> × <see cref="Width"/> on a training subset of Fashion-MNIST (or its translated version), a
/// CIFAR-style ResNet guide with <see cref="GuideBlocks"/> BasicBlocks per stage at <see cref="GuideWidth"/> channels,
/// trained for <see cref="GuideEpochs"/> first when the arm wants a trained guide. E2's target is a plain-(6k+2) CNN,
/// k = <see cref="PlainBlocks"/> BasicBlocks per stage without shortcuts at <see cref="PlainWidth"/>/2×/4× channels,
/// guided by the ResNet of the same shape (the note's gate picks k from {3, 5, 7}; quick and full use plain-20).
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
    long PlainWidth = 8)
{
    public int[] GuideBlocksOrDefault => GuideBlocks ?? [1, 1, 1];

    /// <summary>Minutes on one core: 2k images, 6 epochs (48 steps), ResNet-8 guide at width 8.</summary>
    public static GuidanceScale Quick { get; } = new("quick", TrainImages: 2000, TestImages: 2000, Epochs: 6, GuideWidth: 8, GuideEpochs: 3, InitialisationSteps: 16);

    /// <summary>The note's E1: 5k images, the full test set, 30 epochs, ResNet-8 at width 16 trained 5 epochs, 300 guided steps as initialisation.</summary>
    public static GuidanceScale Full { get; } = new("full", TrainImages: 5000, TestImages: 10000, Epochs: 30);

    public static GuidanceScale Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"unknown scale '{name}': expected quick or full"),
    };
}

/// <summary>The network being guided: E1's deep FCN or E2's plain CNN.</summary>
public enum GuidanceTarget { DeepFcn, PlainCnn }

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

    public static string Label(this GuidanceTarget target) => target == GuidanceTarget.DeepFcn ? "fcn" : "plain-cnn";

    public static GuidanceArm Parse(string name) => name switch
    {
        "base" => GuidanceArm.Base,
        "untrained" => GuidanceArm.Untrained,
        "trained" => GuidanceArm.Trained,
        "init" => GuidanceArm.Initialisation,
        _ => throw new ArgumentException($"unknown arm '{name}': expected base, untrained, trained or init"),
    };
}
