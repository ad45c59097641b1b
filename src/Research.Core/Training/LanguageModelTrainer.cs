using System.Diagnostics;
using Research.Core.Data.Text;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Torch;
using static Research.Torch.torch;

namespace Research.Core.Training;

/// <summary>
/// Trains an <see cref="LstmLanguageModel"/> on batchified token streams ([N, T] as <see cref="BpttBatches.Batchify"/>
/// makes them: N parallel streams, read in windows of Bptt steps). The loss is the per-token cross entropy, plus the augmented loss when configured.
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
        using var best = new BestState(model, config.CheckpointPath, history);
        var stepsPerEpoch = BpttBatches.WindowCount(train.size(1), config.Bptt);
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
            best.Offer(validLoss);
            if (config.CheckpointPath is { } path)
                Checkpoint.Save(path, model, optimizer, plateau.state_dict(), new LanguageModelProgress(epoch, history));
            EpochEnded?.Invoke(result);
        }
        if (config.RestoreBest) best.Restore();
        progress.Finish(history.Count == 0 ? "no epochs" : $"best valid perplexity {history.Min(e => e.ValidPerplexity):F2}");
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
            foreach (var window in BpttBatches.Windows(stream, config.Bptt))
            {
                using var scope = NewDisposeScope();
                scope.Include(window.Input, window.Target);
                var (input, target) = TimeMajor(window);
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
        foreach (var window in BpttBatches.Windows(train, config.Bptt))
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            scope.Include(window.Input, window.Target);
            var (input, target) = TimeMajor(window);
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

    /// <summary>The weights of the best validation epoch so far: in memory, and beside the checkpoint when there is one.</summary>
    private sealed class BestState : IDisposable
    {
        private readonly nn.Module model;
        private readonly string? file;
        private Dictionary<string, Tensor>? weights;
        private double loss;

        public BestState(nn.Module model, string? checkpoint, IReadOnlyList<LanguageModelEpoch> history)
        {
            this.model = model;
            file = checkpoint is null ? null : BestWeights.PathFor(checkpoint);
            loss = history.Count == 0 ? double.PositiveInfinity : history.Min(e => e.ValidLoss);
            if (file is not null && File.Exists(file) && history.Count > 0) weights = safetensors.load_file(file);
        }

        public void Offer(double validLoss)
        {
            if (!(validLoss < loss)) return;
            loss = validLoss;
            Release();
            using var scope = NewDisposeScope();
            weights = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
            if (file is not null) safetensors.save_file(weights, file);
        }

        public void Restore()
        {
            if (weights is not null) model.load_state_dict(weights);
        }

        private void Release()
        {
            if (weights is not null)
                foreach (var t in weights.Values) t.Dispose();
            weights = null;
        }

        public void Dispose() => Release();
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

    /// <summary>A batch-first window as the LSTM reads it: input [len, N] and the targets [len·N] in the logits' time-major order.</summary>
    private static (Tensor Input, Tensor Target) TimeMajor(BpttWindow window) =>
        (window.Input.t(), window.Target.t().reshape(-1));

    private void CheckStream(Tensor stream, string name)
    {
        var shape = stream.shape;
        if (shape.Length != 2 || shape[1] < 2 || stream.dtype != ScalarType.Int64)
            throw new ArgumentException($"LanguageModelTrainer: {name} must be int64 [N, T >= 2] (batchified streams), got [{string.Join(", ", shape)}] {stream.dtype.PyTorchName()}");
    }
}
