namespace Research.Core.Experiments.Dist2;

/// <summary>
/// The size of the DIST2 experiments: training-set sizes, seeds, test and validation tasks, the decoder and its
/// schedule (Adam, a fixed number of optimizer steps on shuffled batches), the α/τ grid tuned on validation, and
/// whether number tokens in the input carry their value as a feature (a from-scratch decoder has no number sense);
/// BlobTrainSizes are Task B's training-set sizes.
/// </summary>
public sealed record Dist2Scale(
    string Name,
    IReadOnlyList<int> TrainSizes,
    int Seeds,
    int TestTasks,
    int ValidTasks,
    int Steps,
    IReadOnlyList<double> TuningAlphas,
    IReadOnlyList<double> TuningTaus,
    int Width = 64,
    int Layers = 2,
    int Heads = 4,
    double Dropout = 0.0,
    int BatchSize = 100,
    double LearningRate = 1e-3,
    double WeightDecay = 0.01,
    bool ValueFeature = true,
    IReadOnlyList<int>? BlobTrainSizes = null)
{
    /// <summary>For CI and `research reproduce`: N = 100 only, three seeds, a one-layer decoder of width 32, 300 steps.</summary>
    public static Dist2Scale Quick { get; } = new("quick", [100], Seeds: 3, TestTasks: 300, ValidTasks: 300, Steps: 300,
        TuningAlphas: [1], TuningTaus: [2], Width: 32, Layers: 1, Heads: 2, LearningRate: 3e-3, BlobTrainSizes: [300]);

    /// <summary>The grid: N ∈ {30, 100, 300, 1000}, five seeds, 2,000 test tasks, α ∈ {0.1, 1} × τ ∈ {1, 2, 8}.</summary>
    public static Dist2Scale Full { get; } = new("full", [30, 100, 300, 1000], Seeds: 5, TestTasks: 2000, ValidTasks: 500, Steps: 1000,
        TuningAlphas: [0.1, 1], TuningTaus: [1, 2, 8], BlobTrainSizes: [100, 300, 1000]);

    public static Dist2Scale Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"unknown scale '{name}': expected quick or full"),
    };
}
