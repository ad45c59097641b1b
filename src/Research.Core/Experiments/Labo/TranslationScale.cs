using Research.Core.Models;

namespace Research.Core.Experiments.Labo;

/// <summary>
/// The size of LABO-R's translation experiment: how many pairs, the longest pair kept for training, epochs, the
/// encoder-decoder's size, tokens per batch, and Adam's peak rate with its inverse-square-root warm-up (fairseq's
/// IWSLT recipe uses Adam (0.9, 0.98) and inverse_sqrt; labo.md §4.5).
/// </summary>
public sealed record TranslationScale(
    string Name,
    int TrainPairs,
    int ValidPairs,
    int TestPairs,
    int MaxPieces,
    int Epochs,
    int Width,
    int Layers,
    int Heads,
    int FeedForward,
    double Dropout,
    int MaxTokens,
    double LearningRate,
    int WarmupSteps,
    int MaxLength = 160)
{
    /// <summary>
    /// A smoke scale for the real corpus: 300 verses of at most 40 pieces, d 64, 1+1 layers, 5 epochs; valid 60, test 100
    /// verses. It checks that the pipeline runs (about a minute on one core); its BLEU is near 0 (too little data).
    /// </summary>
    public static TranslationScale Quick { get; } = new("quick", TrainPairs: 300, ValidPairs: 60, TestPairs: 100, MaxPieces: 40, Epochs: 5,
        Width: 64, Layers: 1, Heads: 4, FeedForward: 256, Dropout: 0.1, MaxTokens: 1024, LearningRate: 1e-3, WarmupSteps: 50);

    /// <summary>
    /// The smallest model (d 128, 2+2 layers, 4 heads, FFN 512, dropout 0.1) on 12,000 of the 28,004 training
    /// verses (a fixed, seed-independent choice; every held-out verse), batches of about 4,096 tokens (fairseq's IWSLT
    /// batch), 3 epochs of about 138 steps, peak rate 1e-3 after 100 warm-up steps. Why this small: the grid's 16 runs
    /// must fit about two hours on two cores. One 4,096-token step of this model took about 1.4 s on one core of the
    /// shared machine (2.1 s with three processes on its two cores, measured 2026-11-30), so a run is about 10 minutes of
    /// training and 2 of decoding; d 256 with 3+3 layers on all verses for 2 epochs was about 40 minutes a run.
    /// </summary>
    public static TranslationScale Full { get; } = new("full", TrainPairs: 12_000, ValidPairs: 0, TestPairs: 0, MaxPieces: 150, Epochs: 3,
        Width: 128, Layers: 2, Heads: 4, FeedForward: 512, Dropout: 0.1, MaxTokens: 4096, LearningRate: 1e-3, WarmupSteps: 100);

    /// <summary>
    /// For the generated word-mapping language (<see cref="TranslationData.WordMapping"/>; tests, the notebook's quick
    /// run): d 64, 1+1 layers, no dropout, batches of about 256 tokens, peak rate 3e-3 after 100 steps, 25 epochs; about
    /// 5 s of training on one core, test BLEU about 80 under CE, LS and LABO-R (TranslationEndToEndTests).
    /// </summary>
    public static TranslationScale Toy { get; } = new("toy", TrainPairs: 800, ValidPairs: 50, TestPairs: 80, MaxPieces: 40, Epochs: 25,
        Width: 64, Layers: 1, Heads: 4, FeedForward: 128, Dropout: 0.0, MaxTokens: 256, LearningRate: 3e-3, WarmupSteps: 100, MaxLength: 24);

    public static TranslationScale Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        "toy" => Toy,
        _ => throw new ArgumentException($"unknown scale '{name}': expected quick, full or toy"),
    };

    public TranslationTransformerConfig Model(int vocabulary) =>
        new(vocabulary, Width, Layers, Layers, Heads, FeedForward, Dropout, MaxLength);
}
