using System.Runtime.InteropServices;
using Research.Core.Data.Loading;
using Research.Core.Data.Text;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Engine;

/// <summary>
/// STACK.md's hazard, provoked: a background thread forces garbage collections without pause while the kit's models
/// and objectives train for a few hundred steps each. Every native error is caught (the trainer recovers from it and
/// reports it) and attributed by <see cref="NativeErrorOrigin"/>; none may come from the kit's own code. What
/// TorchSharp's internals produce is written to the test output (the README counts it).
/// </summary>
public sealed class GcTortureTests(ITestOutputHelper output)
{
    private const int Retries = 10_000;

    [Fact]
    [Trait("Category", "Slow")]
    public void No_native_error_under_forced_collections_comes_from_kit_code()
    {
        var errors = new List<Exception>();
        long steps = 0;
        using (new CollectionStorm())
        {
            steps += TrainLanguageModel(tied: false, augmented: true, errors);
            steps += TrainLanguageModel(tied: true, augmented: false, errors);
            steps += TrainVariationalLstmDirectly(errors);
            steps += TrainClassifier(errors);
        }
        var origins = errors.Select(NativeErrorOrigin.Of).ToList();
        output.WriteLine($"{steps} training steps under forced collections; {errors.Count} native errors");
        foreach (var group in origins.GroupBy(o => (o.FromKitCode, o.CalledByKit, o.Thrower, o.KitCaller)).OrderByDescending(g => g.Count()))
            output.WriteLine($"{group.Count(),5}  {(group.Key.FromKitCode ? "KIT" : "TorchSharp internal")}: {group.Key.KitCaller} -> {group.Key.CalledByKit} (threw in {group.Key.Thrower})");
        Assert.True(steps >= 800, $"expected several hundred steps, ran {steps}");
        var fromKit = origins.Where(o => o.FromKitCode).ToList();
        Assert.True(fromKit.Count == 0, "native errors from the kit's own code:\n" + string.Join("\n", fromKit));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_storm_provokes_the_race_and_blames_a_caller_that_passes_a_temporary_scalar()
    {
        using var x = randn(2, 2);
        using var y = randn(2, 2);
        var origins = new List<NativeErrorOrigin>();
        using (new CollectionStorm())
            for (var i = 0; i < 3_000_000 && origins.Count < 5; i++)
            {
                try
                {
                    using var z = x + y;   // Tensor.add(Tensor) makes alpha = 1 as a temporary Scalar
                }
                catch (ExternalException e)
                {
                    origins.Add(NativeErrorOrigin.Of(e));
                }
            }
        output.WriteLine(string.Join("\n", origins));
        Assert.NotEmpty(origins);
        Assert.All(origins, o => Assert.True(o.FromKitCode, o.ToString()));
    }

    private static long TrainLanguageModel(bool tied, bool augmented, List<Exception> errors)
    {
        manual_seed(1);
        using var model = new LstmLanguageModel(new LstmLanguageModelConfig(Vocabulary: 40, EmbeddingSize: 16, HiddenSize: 16, Tied: tied));
        using var stream = torch.randint(0, 40, [4, 401], dtype: ScalarType.Int64);
        var config = new LanguageModelTraining(Epochs: 5, Bptt: 10, LearningRate: 1, AugmentedLoss: augmented ? new AugmentedLossOptions(0.5, 2) : null);
        var options = new LanguageModelTrainer(model, config).Options with { NativeErrorRetries = Retries };
        using var objective = new LanguageModelObjective(model, config.AugmentedLoss);
        var observer = new ErrorLog(errors);
        var history = new Trainer<BpttWindow>(model, objective, options, observer).Fit(new BpttSource(stream, 10), new BpttSource(stream, 10));
        return history.Count * 40L;
    }

    private static long TrainVariationalLstmDirectly(List<Exception> errors)
    {
        manual_seed(2);
        using var lstm = new VariationalLstm(8, [12, 8], dropout: 0.3);
        using var optimizer = new SafeAdam(lstm.parameters(), 1e-2);
        long steps = 0;
        for (var step = 0; step < 200; step++, steps++)
        {
            try
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var (y, _) = lstm.call(randn(7, 3, 8), null);
                (y * y).mean().backward();
                optimizer.step();
            }
            catch (ExternalException e)
            {
                errors.Add(e);
            }
        }
        return steps;
    }

    private static long TrainClassifier(List<Exception> errors)
    {
        manual_seed(3);
        using var model = nn.Sequential(
            ("conv", nn.Conv2d(1, 4, 3, padding: 1)), ("bn", nn.BatchNorm2d(4)), ("relu", nn.ReLU()), ("pool", nn.MaxPool2d(2)),
            ("flat", nn.Flatten()), ("drop", nn.Dropout(0.2)), ("fc", nn.Linear(4 * 4 * 4, 3)));
        using var images = randn(320, 1, 8, 8);
        using var labels = randint(0, 3, [320], dtype: ScalarType.Int64);
        var loader = new TensorDataLoader([images, labels], batchSize: 16, shuffle: true, seed: 1);
        var options = new TrainerOptions(Epochs: 10, p => new SafeAdam(p, 1e-2), ClipGradNorm: 5, NativeErrorRetries: Retries);
        var history = new Trainer<TensorBatch>(model, new ClassificationObjective(model), options, new ErrorLog(errors))
            .Fit(new TensorBatchSource(loader));
        return history.Sum(e => (long)loader.BatchCount);
    }

    private sealed class ErrorLog(List<Exception> errors) : ITrainingObserver
    {
        public void Recovered(int epoch, int attempt, Exception error) => errors.Add(error);
    }

    /// <summary>A thread that forces full collections and runs finalizers until disposed.</summary>
    internal sealed class CollectionStorm : IDisposable
    {
        private volatile bool stop;
        private readonly Thread thread;

        public CollectionStorm()
        {
            thread = new Thread(() =>
            {
                while (!stop)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
            }) { IsBackground = true, Name = "gc-storm" };
            thread.Start();
        }

        public void Dispose()
        {
            stop = true;
            thread.Join();
        }
    }
}
