using System.Runtime.InteropServices;
using Research.Core.Data.Loading;
using Research.Core.Data.Synthetic;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Training;

/// <summary>
/// A native error mid-epoch and a killed run both end exactly where an uninterrupted run does: same weights bit for
/// bit, same history. The run uses everything that carries state: dropout (the generator), Adam (moments and step
/// counts), a plateau schedule and shuffled batches.
/// </summary>
public sealed class TrainerRecoveryTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private sealed record Run(nn.Module<Tensor, Tensor> Model, IReadOnlyList<EpochResult> History) : IDisposable
    {
        public void Dispose() => Model.Dispose();
    }

    private static readonly Lazy<(Tensor X, Tensor Y, Tensor XValid, Tensor YValid)> Data = new(() =>
    {
        var (x, y) = SpiralDataset.Generate(points: 100, seed: 5);
        var (xv, yv) = SpiralDataset.Generate(points: 40, seed: 6);
        return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope(), xv.DetachFromDisposeScope(), yv.DetachFromDisposeScope());
    });

    private static TrainerOptions Options(string? checkpoint) => new(
        Epochs: 4,
        Optimizer: p => optim.Adam(p, lr: 0.02),
        ClipGradNorm: 1.0,
        Schedule: o => new PlateauSchedule(o, factor: 0.5, patience: 0),
        CheckpointPath: checkpoint);

    /// <summary>Trains a fresh model (seeded) on the spiral; the objective may be wrapped to inject faults.</summary>
    private static Run Train(TrainerOptions options, Func<IObjective<TensorBatch>, IObjective<TensorBatch>>? wrap = null,
        ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        var (x, y, xv, yv) = Data.Value;
        manual_seed(21);
        var model = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Dropout(0.2), nn.Linear(32, 2));
        IObjective<TensorBatch> objective = new ClassificationObjective(model);
        if (wrap is not null) objective = wrap(objective);
        var trainer = new Trainer<TensorBatch>(model, objective, options, observer);
        try
        {
            var history = trainer.Fit(new TensorBatchSource(new TensorDataLoader([x, y], 16, shuffle: true, seed: 3)),
                new TensorBatchSource(new TensorDataLoader([xv, yv], 32)), "recovery", cancel);
            return new Run(model, history);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Throws a native-looking error once, at the given step of the given training pass.</summary>
    private sealed class FaultAt(IObjective<TensorBatch> inner, int pass, int step) : IObjective<TensorBatch>
    {
        private int passes, steps;
        public bool Fired { get; private set; }

        public void StartPass(bool training)
        {
            if (training) passes++;
            steps = 0;
            inner.StartPass(training);
        }

        public ObjectiveOutput Compute(TensorBatch batch)
        {
            if (++steps == step && passes == pass && !Fired)
            {
                Fired = true;
                throw new ExternalException("injected: Expected false to be true ... toFloat (c10/core/Scalar.h)");
            }
            return inner.Compute(batch);
        }
    }

    private sealed class Recoveries : ITrainingObserver
    {
        public List<(int Epoch, int Attempt, Exception Error)> Calls { get; } = [];
        public void Recovered(int epoch, int attempt, Exception error) => Calls.Add((epoch, attempt, error));
    }

    private sealed class CancelAt(int epoch, long step, CancellationTokenSource source) : ITrainingObserver
    {
        public void StepEnded(StepEnd end)
        {
            if (end.Epoch == epoch && end.Step == step) source.Cancel();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_native_error_at_epoch_2_step_3_is_recovered_to_the_uninterrupted_result(bool withCheckpointFile)
    {
        using var straight = Train(Options(withCheckpointFile ? Path.Combine(dir, "straight.safetensors") : null));
        var recoveries = new Recoveries();
        FaultAt? fault = null;
        using var recovered = Train(Options(withCheckpointFile ? Path.Combine(dir, "faulty.safetensors") : null),
            inner => fault = new FaultAt(inner, pass: 2, step: 3), recoveries);

        Assert.True(fault!.Fired);
        var call = Assert.Single(recoveries.Calls);
        Assert.Equal((2, 1), (call.Epoch, call.Attempt));
        Assert.IsType<ExternalException>(call.Error);
        AssertSameRun(straight, recovered);
    }

    [Fact]
    public void More_native_errors_than_allowed_retries_surface()
    {
        var e = Assert.Throws<ExternalException>(() => Train(Options(null) with { NativeErrorRetries = 0 }, inner => new FaultAt(inner, pass: 1, step: 2)));
        Assert.StartsWith("injected", e.Message);
    }

    [Fact]
    public void A_run_killed_mid_epoch_resumes_from_its_checkpoint_to_the_uninterrupted_result()
    {
        using var straight = Train(Options(Path.Combine(dir, "straight.safetensors")));
        var path = Path.Combine(dir, "killed.safetensors");
        using (var cancel = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() => Train(Options(path), observer: new CancelAt(3, 5, cancel), cancel: cancel.Token));
        Assert.Equal(2, Checkpoint.Load(path).Progress<TrainerProgress>().History.Count);

        manual_seed(999);                                 // a new process would not share the killed run's generator
        using var resumed = Train(Options(path));
        AssertSameRun(straight, resumed);
    }

    private static void AssertSameRun(Run expected, Run actual)
    {
        Assert.Equal(expected.History.Count, actual.History.Count);
        foreach (var (e, a) in expected.History.Zip(actual.History))
        {
            Assert.Equal((e.Epoch, e.GlobalStep, e.LearningRate), (a.Epoch, a.GlobalStep, a.LearningRate));
            Assert.Equal((e.Train.Loss, e.Train.Count, e.Train.Correct), (a.Train.Loss, a.Train.Count, a.Train.Correct));
            Assert.Equal((e.Valid!.Loss, e.Valid.Count, e.Valid.Correct), (a.Valid!.Loss, a.Valid.Count, a.Valid.Correct));
        }
        var before = expected.Model.state_dict();
        var after = actual.Model.state_dict();
        Assert.Equal(before.Keys, after.Keys);
        foreach (var key in before.Keys) Assert.True(before[key].Equals(after[key]), $"{key} differs");
    }
}
