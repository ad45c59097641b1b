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
    /// <summary>A smoke scale: 400 verses of at most 40 pieces, d 64, 1+1 layers, 8 epochs; valid 100, test 200 verses.</summary>
    public static TranslationScale Quick { get; } = new("quick", TrainPairs: 400, ValidPairs: 100, TestPairs: 200, MaxPieces: 40, Epochs: 8,
        Width: 64, Layers: 1, Heads: 4, FeedForward: 256, Dropout: 0.1, MaxTokens: 1024, LearningRate: 1e-3, WarmupSteps: 50);

    /// <summary>
    /// The model on the whole corpus: d 256, 3+3 layers, 4 heads, FFN 1024, dropout 0.2, batches of about 4k
    /// tokens, peak rate 7e-4 after 400 warm-up steps, every held-out verse. Epochs are set so that a run takes about
    /// 20 minutes on one core (README's paper-3 section gives the measured step time this follows from).
    /// </summary>
    public static TranslationScale Full { get; } = new("full", TrainPairs: 0, ValidPairs: 0, TestPairs: 0, MaxPieces: 150, Epochs: 2,
        Width: 256, Layers: 3, Heads: 4, FeedForward: 1024, Dropout: 0.2, MaxTokens: 4096, LearningRate: 7e-4, WarmupSteps: 400);

    public static TranslationScale Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"unknown scale '{name}': expected quick or full"),
    };

    public TranslationTransformerConfig Model(int vocabulary) =>
        new(vocabulary, Width, Layers, Layers, Heads, FeedForward, Dropout, MaxLength);
}
