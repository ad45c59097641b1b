using Research.Core.Data.Text;
using Research.Core.Models;
using Research.Core.Training.Optimizers;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// Paper 5's language-model training on the kit's one trainer: SGD at a fixed rate divided by 4 on a validation
/// plateau, gradient clipping, truncated BPTT with the state carried, a checkpoint every epoch and the best epoch's
/// weights restored at the end. It composes <see cref="Trainer{TBatch}"/>, <see cref="LanguageModelObjective"/>
/// and <see cref="BpttSource"/>; it adds no training loop of its own.
/// </summary>
public sealed class LanguageModelTrainer
{
    private readonly LstmLanguageModel model;
    private readonly LanguageModelTraining config;
    private readonly ITrainingObserver observer;

    public LanguageModelTrainer(LstmLanguageModel model, LanguageModelTraining config, ITrainingProgress? progress = null, ITrainingObserver? observer = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.config = config ?? throw new ArgumentNullException(nameof(config));
        config.Validate();
        this.observer = TrainingObservers.Combine(progress is null ? null : TrainingObservers.Progress(progress), observer, new EpochRelay(this));
    }

    /// <summary>Called after each epoch (and its checkpoint).</summary>
    public event Action<LanguageModelEpoch>? EpochEnded;

    public TrainerOptions Options => new(
        config.Epochs,
        parameters => new SafeSgd(parameters, config.LearningRate),
        ClipGradNorm: config.Clip,
        // A factor of 1 (allowed by the config) means a constant rate; PlateauSchedule, like PyTorch's, requires factor < 1.
        Schedule: config.PlateauFactor < 1
            ? optimizer => new PlateauSchedule(optimizer, factor: config.PlateauFactor, patience: 0, threshold: 0, relativeThreshold: false)
            : null,
        CheckpointPath: config.CheckpointPath,
        RestoreBest: config.RestoreBest);

    /// <summary>Trains until config.Epochs (continuing a checkpointed run); returns every epoch's numbers.</summary>
    public IReadOnlyList<LanguageModelEpoch> Train(Tensor train, Tensor valid, string name = "lm", CancellationToken cancel = default)
    {
        CheckStream(train, nameof(train));
        CheckStream(valid, nameof(valid));
        using var objective = new LanguageModelObjective(model, config.AugmentedLoss);
        var trainer = new Trainer<BpttWindow>(model, objective, Options, observer);
        return trainer.Fit(new BpttSource(train, config.Bptt), new BpttSource(valid, config.Bptt), name, cancel).Select(ToEpoch).ToList();
    }

    /// <summary>The mean per-token cross entropy (nats) of the model on a stream, in eval mode, state carried.</summary>
    public double Evaluate(Tensor stream)
    {
        CheckStream(stream, nameof(stream));
        using var objective = new LanguageModelObjective(model);
        return new Trainer<BpttWindow>(model, objective, Options).Evaluate(new BpttSource(stream, config.Bptt)).MeanLoss;
    }

    private static LanguageModelEpoch ToEpoch(EpochResult e) => new(
        e.Epoch, e.Train.MeanLoss, e.Train.Terms.ContainsKey("augmented") ? e.Train.Mean("augmented") : 0,
        e.Valid?.MeanLoss ?? double.NaN, e.LearningRate, e.Seconds);

    private sealed class EpochRelay(LanguageModelTrainer owner) : ITrainingObserver
    {
        public void EpochEnded(EpochResult epoch) => owner.EpochEnded?.Invoke(ToEpoch(epoch));
    }

    private static void CheckStream(Tensor stream, string name)
    {
        var shape = stream.shape;
        if (shape.Length != 2 || shape[1] < 2 || stream.dtype != ScalarType.Int64)
            throw new ArgumentException($"LanguageModelTrainer: {name} must be int64 [N, T >= 2] (batchified streams), got [{string.Join(", ", shape)}] {stream.dtype}");
    }
}
