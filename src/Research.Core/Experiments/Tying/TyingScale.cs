using Research.Core.Losses;

namespace Research.Core.Experiments.Tying;

/// <summary>
/// The size of a tying experiment (tying.md §4). Training text is a slice of the KJV training split taken as
/// every k-th block of BlockTokens tokens (about a chapter), so that even a small slice spans the whole Bible;
/// held-out splits are cut to their first HeldOutTokens (0: whole). The augmented loss is weighted α·τ·KL
/// (the public implementation's convention, reported with every α).
/// </summary>
public sealed record TyingScale(
    string Name,
    int TrainTokens,
    int HeldOutTokens,
    int Vocabulary,
    int EmbeddingSize,
    int Epochs,
    int TuningEpochs,
    IReadOnlyList<double> TuningTaus,
    IReadOnlyList<double> TuningAlphas,
    IReadOnlyList<double> RealTuningLearningRates,
    int Batch = 20,
    int EvalBatch = 10,
    int Bptt = 35,
    double Dropout = 0.3,
    double LearningRate = 20,
    double Clip = 0.25,
    int TrainEvalTokens = 60_000,
    int BlockTokens = 700,
    AugmentedLossScale AugmentedLossScale = AugmentedLossScale.Tau)
{
    /// <summary>A slice of the corpus for CI and `research reproduce`: a minute or two.</summary>
    public static TyingScale Quick { get; } = new("quick", TrainTokens: 40_000, HeldOutTokens: 10_000, Vocabulary: 5000,
        EmbeddingSize: 64, Epochs: 2, TuningEpochs: 1, TuningTaus: [10], TuningAlphas: [0.5, 1], RealTuningLearningRates: [20, 10]);

    /// <summary>The note's tier Q: about a third of the training text (232k tokens), d = 64, V = 5k, six epochs.</summary>
    public static TyingScale Full { get; } = new("full", TrainTokens: 232_000, HeldOutTokens: 0, Vocabulary: 5000,
        EmbeddingSize: 64, Epochs: 6, TuningEpochs: 3, TuningTaus: [5, 10], TuningAlphas: [0.5, 1], RealTuningLearningRates: [20, 10, 5]);

    public static TyingScale Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"unknown scale '{name}': expected quick or full"),
    };
}
