using System.Diagnostics;
using System.Runtime.InteropServices;
using Research.Core.Checkpoints;
using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// The kit's one training loop. A paper supplies a model, an <see cref="IObjective{TBatch}"/> and an
/// <see cref="IBatchSource{TBatch}"/>; the trainer runs epochs of steps (zero_grad, loss, backward, optional clipping,
/// optimizer step, schedule), validates, keeps the best weights, writes a checkpoint after every epoch and resumes
/// from it. A native error from TorchSharp (ExternalException) is handled like a preemption: the epoch's starting
/// state is restored and the epoch runs again, so the result is the one an uninterrupted run gets. A NaN or infinite
/// loss, objective term or gradient norm stops the run (<see cref="TrainingDivergedException"/>, the last checkpoint
/// untouched) or skips the batch, as <see cref="TrainerOptions.OnNonFinite"/> says.
/// </summary>
public sealed class Trainer<TBatch>
{
    private readonly nn.Module model;
    private readonly IObjective<TBatch> objective;
    private readonly TrainerOptions options;
    private readonly ITrainingObserver observer;

    public Trainer(nn.Module model, IObjective<TBatch> objective, TrainerOptions options, ITrainingObserver? observer = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.objective = objective ?? throw new ArgumentNullException(nameof(objective));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        this.observer = observer ?? TrainingObservers.None;
    }

    /// <summary>Trains until options.Epochs (continuing a checkpointed run); returns every epoch's results.</summary>
    public IReadOnlyList<EpochResult> Fit(IBatchSource<TBatch> train, IBatchSource<TBatch>? valid = null, string name = "run", CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        using var optimizer = options.Optimizer(model.parameters());
        var schedule = options.Schedule?.Invoke(optimizer);
        var history = Resume(optimizer, schedule);
        using var best = new BestWeights(model, options.CheckpointPath is { } p ? TrainerOptions.BestWeightsPath(p) : null, history);
        var parameters = model.parameters().ToList();
        var globalStep = history.Count == 0 ? 0 : history[^1].GlobalStep;
        observer.RunStarted(new RunStart(name, options.Epochs, train.BatchCount, history.Count, globalStep));
        var start = Checkpoint.Capture(model, optimizer, schedule, new TrainerProgress(history));
        try
        {
            for (var epoch = history.Count + 1; epoch <= options.Epochs; epoch++)
            {
                var result = RunEpochWithRecovery(epoch, train, valid, optimizer, schedule, parameters, globalStep, start, cancel);
                globalStep = result.GlobalStep;
                history.Add(result);
                if (result.Valid is { } v) best.Offer(v.MeanLoss);
                start.Dispose();
                start = Checkpoint.Capture(model, optimizer, schedule, new TrainerProgress(history));
                if (options.CheckpointPath is { } path)
                {
                    start.Save(path);
                    observer.CheckpointSaved(path, epoch);
                }
                observer.EpochEnded(result);
            }
        }
        finally
        {
            start.Dispose();
        }
        if (options.RestoreBest) best.Restore();
        observer.RunFinished(history);
        return history;
    }

    /// <summary>The summed statistics of the model on a batch source, in eval mode and without gradients.</summary>
    public LossSums Evaluate(IBatchSource<TBatch> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            objective.StartPass(training: false);
            var sums = LossSums.Zero;
            foreach (var batch in source.Batches(0))
            {
                using var scope = NewDisposeScope();
                try
                {
                    sums += objective.Compute(batch).Sums;
                }
                finally
                {
                    (batch as IDisposable)?.Dispose();
                }
            }
            return sums;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private EpochResult RunEpochWithRecovery(int epoch, IBatchSource<TBatch> train, IBatchSource<TBatch>? valid, OptimizerHelper optimizer,
        ILearningRateSchedule? schedule, List<Parameter> parameters, long globalStep, Checkpoint start, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return RunEpoch(epoch, train, valid, optimizer, schedule, parameters, globalStep, cancel);
            }
            catch (ExternalException error) when (attempt <= options.NativeErrorRetries)
            {
                start.Restore(model, optimizer, schedule);
                observer.Recovered(epoch, attempt, error);
            }
        }
    }

    private EpochResult RunEpoch(int epoch, IBatchSource<TBatch> train, IBatchSource<TBatch>? valid, OptimizerHelper optimizer,
        ILearningRateSchedule? schedule, List<Parameter> parameters, long globalStep, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var learningRate = LearningRates.Of(optimizer);
        model.train();
        objective.StartPass(training: true);
        var sums = LossSums.Zero;
        long step = 0;
        var skipped = 0;
        foreach (var batch in train.Batches(epoch))
        {
            try
            {
                cancel.ThrowIfCancellationRequested();
                step++;
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var output = objective.Compute(batch);
                var nonFinite = output.Sums.FirstNonFinite();
                if (nonFinite is null)
                {
                    output.Loss.backward();
                    if (options.ClipGradNorm is { } clip && nn.utils.clip_grad_norm_(parameters, clip) is var norm && !double.IsFinite(norm))
                        nonFinite = ("gradient norm", norm);
                }
                if (nonFinite is { } bad)
                {
                    if (options.OnNonFinite == NonFiniteAction.Stop)
                        throw new TrainingDivergedException(epoch, step, bad.Name, bad.Value,
                            options.CheckpointPath is { } saved && File.Exists(saved) ? saved : null);
                    optimizer.zero_grad();
                    skipped++;
                    observer.BatchSkipped(epoch, step, bad.Name, bad.Value);
                    continue;
                }
                Failpoint.Hit("step");
                optimizer.step();
                sums += output.Sums;
                globalStep++;   // counts every optimizer step, with or without a schedule
                schedule?.StepEnded(globalStep);
                observer.StepEnded(new StepEnd(epoch, options.Epochs, step, train.BatchCount, globalStep, output.Sums));
            }
            finally
            {
                (batch as IDisposable)?.Dispose();
            }
        }
        var validation = valid is null ? null : Evaluate(valid);
        if (validation is not null) schedule?.EpochEnded(epoch, validation.MeanLoss);
        return new EpochResult(epoch, sums, validation, learningRate, clock.Elapsed.TotalSeconds, globalStep, skipped);
    }

    private List<EpochResult> Resume(OptimizerHelper optimizer, ILearningRateSchedule? schedule)
    {
        if (options.CheckpointPath is not { } path || !File.Exists(path)) return [];
        using var saved = Checkpoint.Load(path);
        saved.Restore(model, optimizer, schedule);
        return saved.Progress<TrainerProgress>().History;
    }

    /// <summary>The weights of the best validation epoch so far: in memory, and in a file beside the checkpoint when there is one.</summary>
    private sealed class BestWeights : IDisposable
    {
        private readonly nn.Module model;
        private readonly string? file;
        private Dictionary<string, Tensor>? weights;
        private double loss;

        public BestWeights(nn.Module model, string? file, IReadOnlyList<EpochResult> history)
        {
            this.model = model;
            this.file = file;
            var validated = history.Where(e => e.Valid is not null).ToList();
            loss = validated.Count == 0 ? double.PositiveInfinity : validated.Min(e => e.Valid!.MeanLoss);
            if (file is not null && File.Exists(file) && validated.Count > 0) weights = SafeTensors.Load(file);
        }

        public void Offer(double validLoss)
        {
            if (!(validLoss < loss)) return;
            loss = validLoss;
            Release();
            using var scope = NewDisposeScope();                 // keeps each detach() alive while it is cloned (see Checkpoint.Capture)
            using (no_grad())
                weights = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
            if (file is not null) SafeTensors.Save(weights, file);
        }

        public void Restore()
        {
            if (weights is null) return;
            using var _ = no_grad();
            foreach (var (name, target) in model.state_dict()) target.copy_(weights[name]);
        }

        private void Release()
        {
            if (weights is not null)
                foreach (var t in weights.Values) t.Dispose();
            weights = null;
        }

        public void Dispose() => Release();
    }
}
