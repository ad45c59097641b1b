using Research.Core.Losses;

namespace Research.Core.Training;

/// <summary>
/// How <see cref="LanguageModelTrainer"/> trains: truncated BPTT of length Bptt with the state carried across
/// batches, global gradient clipping, plain SGD whose learning rate is multiplied by PlateauFactor whenever the
/// validation loss fails to improve (PyTorch's word_language_model divides by 4). AugmentedLoss null means the
/// plain cross entropy. A checkpoint path makes every epoch end with a checkpoint there, and a run with an
/// existing checkpoint resumes from it. With RestoreBest the model ends with the weights of its best validation
/// epoch (as word_language_model evaluates its test set), kept next to the checkpoint as "*.best.safetensors".
/// </summary>
public sealed record LanguageModelTraining(
    int Epochs,
    int Bptt = 35,
    double LearningRate = 20,
    double Clip = 0.25,
    double PlateauFactor = 0.25,
    AugmentedLossOptions? AugmentedLoss = null,
    string? CheckpointPath = null,
    bool RestoreBest = true)
{
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), $"epochs must be positive, got {Epochs}");
        if (Bptt <= 0) throw new ArgumentOutOfRangeException(nameof(Bptt), $"bptt must be positive, got {Bptt}");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"learning rate must be positive, got {LearningRate}");
        if (!(Clip > 0)) throw new ArgumentOutOfRangeException(nameof(Clip), $"clip must be positive, got {Clip}");
        if (PlateauFactor is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(PlateauFactor), $"plateau factor must be in (0, 1], got {PlateauFactor}");
    }
}

/// <summary>One epoch's numbers. Losses are cross entropies in nats per token; the augmented term is reported apart.</summary>
public sealed record LanguageModelEpoch(
    int Epoch,
    double TrainLoss,
    double AugmentedLoss,
    double ValidLoss,
    double LearningRate,
    double Seconds)
{
    public double TrainPerplexity => Math.Exp(TrainLoss);
    public double ValidPerplexity => Math.Exp(ValidLoss);
}
