namespace Research.Core.Experiments.Guidance;

/// <summary>
/// The size of the guidance experiment E3 (guidance.md §4): the copy task with <see cref="MinLength"/>–<see cref="MaxLength"/>
/// digits, a tanh RNN target (<see cref="RnnLayers"/> × <see cref="RnnHidden"/>, embedding <see cref="RnnEmbedding"/>)
/// guided by a causal Transformer (<see cref="GuideLayers"/> layers, d <see cref="GuideModel"/>, <see cref="GuideHeads"/>
/// heads, ff <see cref="GuideFeedForward"/>), pre-trained for <see cref="GuideEpochs"/> when the arm wants a trained guide.
/// The parity arm uses the same sizes and counts with the roles swapped, on bit strings of
/// <see cref="ParityMinLength"/>–<see cref="ParityMaxLength"/> bits (the note: lengths up to 30).
/// </summary>
public sealed record CopyGuidanceScale(
    string Name,
    int TrainSequences,
    int TestSequences,
    int Epochs,
    int MinLength = 10,
    int MaxLength = 20,
    long RnnEmbedding = 64,
    long RnnHidden = 128,
    int RnnLayers = 2,
    long GuideModel = 128,
    long GuideHeads = 4,
    long GuideFeedForward = 256,
    int GuideLayers = 2,
    int GuideEpochs = 5,
    int Batch = 128,
    double LearningRate = 1e-3,
    int ParityMinLength = 2,
    int ParityMaxLength = 30)
{
    /// <summary>Minutes on one core: 2,048 training and 512 test sequences, 5 epochs (80 steps), a guide pre-trained 3 epochs.</summary>
    public static CopyGuidanceScale Quick { get; } = new("quick", TrainSequences: 2048, TestSequences: 512, Epochs: 5, GuideEpochs: 3);

    /// <summary>The note's E3: 10k training and 2k test sequences, 10 epochs, the guide pre-trained 5 epochs.</summary>
    public static CopyGuidanceScale Full { get; } = new("full", TrainSequences: 10_000, TestSequences: 2_000, Epochs: 10);

    /// <summary>Seconds a run, for smoke tests: 128 training and 64 test sequences of 3–6 digits, tiny models.</summary>
    public static CopyGuidanceScale Toy { get; } = new("toy", TrainSequences: 128, TestSequences: 64, Epochs: 1, MinLength: 3, MaxLength: 6,
        RnnEmbedding: 8, RnnHidden: 16, GuideModel: 16, GuideHeads: 2, GuideFeedForward: 32, GuideEpochs: 1, Batch: 64, ParityMaxLength: 8);

    public static CopyGuidanceScale Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        "toy" => Toy,
        _ => throw new ArgumentException($"unknown scale '{name}': expected quick, full or toy"),
    };
}
