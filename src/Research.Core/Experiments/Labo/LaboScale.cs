namespace Research.Core.Experiments.Labo;

/// <summary>
/// The size of the LABO-R image experiment (labo.md §4.2): training subset, epochs, CNN width, the grid the notebook
/// runs (noise rates, α and T candidates, budget ratios) and the seeds. SGD with Nesterov momentum 0.9, weight decay
/// 5e-4, OneCycle to MaxLearningRate, batch 128, 5k validation images held out of the training set.
/// </summary>
public sealed record LaboScale(
    string Name,
    int Subset,
    int Epochs,
    IReadOnlyList<double> NoiseRates,
    IReadOnlyList<double> Alphas,
    IReadOnlyList<double> Temperatures,
    IReadOnlyList<double> EntropyRatios,
    int Seeds,
    int Width = 16,
    int Batch = 128,
    double MaxLearningRate = 0.1,
    double Momentum = 0.9,
    double WeightDecay = 5e-4,
    int Validation = 5000)
{
    /// <summary>
    /// For CI and the notebook's quick run: a 1k-image subset, 20 epochs, width 8 (about 15 s a run on one busy core),
    /// α = 0.3, T ∈ {1, 10}, r = 0.8, 2 seeds. Measured at 40% noise, seeds 1 and 2: CE 67.0 / 66.5, LS 71.5 / 72.6,
    /// LABO-R T = 1 69.6 / 68.7, T = 10 71.8 / 71.9 test top-1 %.
    /// </summary>
    public static LaboScale Quick { get; } = new("quick", Subset: 1000, Epochs: 20, NoiseRates: [0, 0.4], Alphas: [0.3],
        Temperatures: [1, 10], EntropyRatios: [0.8], Seeds: 2, Width: 8, Validation: 1000);

    /// <summary>
    /// The grid: a 12k subset, width 16, noise 0–60%, α ∈ {0.1, 0.3}, T ∈ {0.5, 1, 2, 10}, r ∈ {0.8, 0.95}, 5 seeds,
    /// in two stages (<see cref="LaboGrid"/>): the 17 settings at each noise rate on the first seed, then the 5 families'
    /// chosen settings on 4 more seeds, 148 runs. 15 epochs, not the note's 25 for its noise tier, so that the grid fits
    /// about two hours on two cores (an epoch took 7 s on one core of this 2-core machine while two other runs shared it, so 25 epochs about 3 minutes).
    /// </summary>
    public static LaboScale Full { get; } = new("full", Subset: 12000, Epochs: 15, NoiseRates: [0, 0.2, 0.4, 0.6], Alphas: [0.1, 0.3],
        Temperatures: [0.5, 1, 2, 10], EntropyRatios: [0.8, 0.95], Seeds: 5);

    /// <summary>For tests of the sweep: 256 training and 256 validation images, width 4, one epoch, one noise rate and one
    /// setting per family.</summary>
    public static LaboScale Toy { get; } = new("toy", Subset: 256, Epochs: 1, NoiseRates: [0.4], Alphas: [0.3], Temperatures: [10],
        EntropyRatios: [0.8], Seeds: 2, Width: 4, Validation: 256);

    public static LaboScale Named(string name) => name switch
    {
        "toy" => Toy,
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"unknown scale '{name}': expected toy, quick or full"),
    };
}
