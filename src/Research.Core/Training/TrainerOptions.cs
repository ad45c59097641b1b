using TorchSharp.Modules;

namespace Research.Core.Training;

/// <summary>
/// How <see cref="Trainer{TBatch}"/> trains: epochs, the optimizer (built from the model's parameters), gradient
/// clipping, the learning-rate schedule, the checkpoint file, how often a native error may restart an epoch, and
/// what a NaN or infinite loss, term or gradient norm does.
/// </summary>
public sealed record TrainerOptions(
    int Epochs,
    Func<IEnumerable<Parameter>, OptimizerHelper> Optimizer,
    double? ClipGradNorm = null,
    Func<OptimizerHelper, ILearningRateSchedule>? Schedule = null,
    string? CheckpointPath = null,
    bool RestoreBest = true,
    int NativeErrorRetries = 3,
    NonFiniteAction OnNonFinite = NonFiniteAction.Stop)
{
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), $"epochs must be positive, got {Epochs}");
        ArgumentNullException.ThrowIfNull(Optimizer);
        if (ClipGradNorm is { } c && !(c > 0)) throw new ArgumentOutOfRangeException(nameof(ClipGradNorm), $"clip must be positive, got {c}");
        if (NativeErrorRetries < 0) throw new ArgumentOutOfRangeException(nameof(NativeErrorRetries), $"retries must be >= 0, got {NativeErrorRetries}");
    }

    /// <summary>Where the best validation epoch's weights are kept beside the checkpoint.</summary>
    public static string BestWeightsPath(string checkpoint) => Path.ChangeExtension(checkpoint, ".best.safetensors");
}
