namespace Research.Core.Experiments.Ile;

/// <summary>
/// Sizes of one ILE run (ile.md 4: ψ a dense GIN 3×64, p = 64, NT-Xent pretraining; a small Transformer regressor;
/// PGD 50 iterations). Quick runs in about a minute on one core; full is the note's smallest faithful experiment.
/// </summary>
public sealed record IleScale(
    string Name,
    int SyntheticTrain,
    int SyntheticValid,
    int SyntheticTest,
    int EncoderLayers,
    int EncoderHidden,
    int Dimension,
    int ContrastiveEpochs,
    int ContrastiveBatch,
    int RegressorWidth,
    int RegressorLayers,
    int RegressionEpochs,
    int RegressionBatch,
    double LearningRate,
    int PgdIterations)
{
    public static IleScale Quick { get; } = new("quick", 1500, 200, 200, EncoderLayers: 3, EncoderHidden: 32, Dimension: 32,
        ContrastiveEpochs: 10, ContrastiveBatch: 128, RegressorWidth: 64, RegressorLayers: 2, RegressionEpochs: 15, RegressionBatch: 64,
        LearningRate: 1e-3, PgdIterations: 20);

    public static IleScale Full { get; } = new("full", 8000, 1000, 1000, EncoderLayers: 3, EncoderHidden: 64, Dimension: 64,
        ContrastiveEpochs: 40, ContrastiveBatch: 128, RegressorWidth: 64, RegressorLayers: 2, RegressionEpochs: 60, RegressionBatch: 64,
        LearningRate: 1e-3, PgdIterations: 50);

    public static IleScale Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"scale is '{name}': expected quick or full", nameof(name)),
    };
}
