using System.Diagnostics;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Torch;
using static Research.Torch.torch;

namespace Research.Core.Training;

/// <summary>
/// Trains an <see cref="LstmLanguageModel"/> on batchified token streams ([T, N]: N parallel streams, read
/// in windows of Bptt steps). The loss is the per-token cross entropy, plus the augmented loss when configured.
/// Resuming from the per-epoch checkpoint restores the weights, the optimiser, the learning rate schedule and
/// the random generator, so an interrupted run finishes exactly where an uninterrupted one would.
/// </summary>
public sealed class LanguageModelTrainer
{
    private readonly LstmLanguageModel model;
    private readonly LanguageModelTraining config;
    private readonly ITrainingProgress progress;

    public LanguageModelTrainer(LstmLanguageModel model, LanguageModelTraining config, ITrainingProgress? progress = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.config = config ?? throw new ArgumentNullException(nameof(config));
        config.Validate();
        this.progress = progress ?? TrainingProgress.None;
    }

    /// <summary>Called after each epoch (and its checkpoint).</summary>
    public event Action<LanguageModelEpoch>? EpochEnded;

    /// <summary>Trains until config.Epochs (continuing a checkpointed run); returns every epoch's numbers.</summary>
    public IReadOnlyList<LanguageModelEpoch> Train(Tensor train, Tensor valid, string name = "lm", CancellationToken cancel = default)
    {
        CheckStream(train, nameof(train));
        CheckStream(valid, nameof(valid));
        using var optimizer = new optim.SGD(model.parameters(), lr: config.LearningRate);
        var plateau = new optim.ReduceLROnPlateau(optimizer, factor: config.PlateauFactor, patience: 0, threshold: 0, threshold_mode: "abs");
        var history = Resume(optimizer, plateau);
        var stepsPerEpoch = (train.size(0) - 2) / config.Bptt + 1;
        progress.Start(name, config.Epochs, stepsPerEpoch);
        for (var epoch = history.Count + 1; epoch <= config.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var (trainLoss, augmented) = TrainEpoch(train, optimizer, epoch, stepsPerEpoch, cancel);
            var lr = optimizer.param_groups[0].lr;
            var validLoss = Evaluate(valid);
            plateau.step(validLoss);
            var result = new LanguageModelEpoch(epoch, trainLoss, augmented, validLoss, lr, clock.Elapsed.TotalSeconds);
            history.Add(result);
            if (config.CheckpointPath is { } path)
                Checkpoint.Save(path, model, optimizer, plateau.state_dict(), new LanguageModelProgress(epoch, history));
            EpochEnded?.Invoke(result);
        }
        progress.Finish(history.Count == 0 ? "no epochs" : $"valid perplexity {history[^1].ValidPerplexity:F2}");
        return history;
    }

    /// <summary>The mean per-token cross entropy (nats) of the model on a stream, in eval mode, state carried.</summary>
    public double Evaluate(Tensor stream)
    {
        CheckStream(stream, nameof(stream));
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            double total = 0;
            long tokens = 0;
            LstmState? state = null;
            foreach (var (input, target) in Windows(stream))
            {
                using var scope = NewDisposeScope();
                var output = model.call(input, state);
                total += nn.functional.cross_entropy(output.Logits, target, reduction: Reduction.Sum).item();
                tokens += target.numel();
                state?.Dispose();
                state = output.State.Keep();
            }
            state?.Dispose();
            return total / tokens;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private (double TrainLoss, double Augmented) TrainEpoch(Tensor train, optim.Optimizer optimizer, int epoch, long stepsPerEpoch, CancellationToken cancel)
    {
        model.train();
        double ceSum = 0, alSum = 0;
        long tokens = 0, step = 0;
        LstmState? state = null;
        var parameters = model.parameters().ToList();
        foreach (var (input, target) in Windows(train))
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var output = model.call(input, state);
            var ce = nn.functional.cross_entropy(output.Logits, target);
            var loss = ce;
            double al = 0;
            if (config.AugmentedLoss is { } options)
            {
                var term = AugmentedLoss.Compute(output.LogitsWithoutBias, target, model.Embedding, options);
                loss = ce + term;
                al = term.item();
            }
            loss.backward();
            nn.utils.clip_grad_norm_(parameters, config.Clip);
            optimizer.step();
            var n = target.numel();
            var ceValue = ce.item();
            ceSum += ceValue * n;
            alSum += al * n;
            tokens += n;
            state?.Dispose();
            state = output.State.Detach().Keep();   // truncated BPTT: carry the values, not the graph
            progress.Report(new ProgressUpdate(epoch, config.Epochs, ++step, stepsPerEpoch, ceValue));
        }
        state?.Dispose();
        return (ceSum / tokens, alSum / tokens);
    }

    private List<LanguageModelEpoch> Resume(optim.Optimizer optimizer, optim.ReduceLROnPlateau plateau)
    {
        if (config.CheckpointPath is not { } path || !File.Exists(path)) return [];
        using var saved = Checkpoint.Load<LanguageModelProgress>(path, model);
        optimizer.load_state_dict(saved.Optimizer);
        if (saved.Scheduler is { } s) plateau.load_state_dict(s);
        set_rng_state(saved.RngState);
        return saved.Progress.History.Take(saved.Progress.EpochsDone).ToList();
    }

    /// <summary>(input [len, N], target [len·N]) windows: the target is the input shifted one step in time.</summary>
    private IEnumerable<(Tensor Input, Tensor Target)> Windows(Tensor stream)
    {
        var length = stream.size(0);
        for (long i = 0; i < length - 1; i += config.Bptt)
        {
            var n = Math.Min(config.Bptt, length - 1 - i);
            using var input = stream.narrow(0, i, n);
            using var next = stream.narrow(0, i + 1, n);
            using var target = next.reshape(-1);
            yield return (input, target);
        }
    }

    private void CheckStream(Tensor stream, string name)
    {
        var shape = stream.shape;
        if (shape.Length != 2 || shape[0] < 2 || stream.dtype != ScalarType.Int64)
            throw new ArgumentException($"LanguageModelTrainer: {name} must be int64 [T >= 2, N] (batchified streams), got [{string.Join(", ", shape)}] {stream.dtype.PyTorchName()}");
    }
}
