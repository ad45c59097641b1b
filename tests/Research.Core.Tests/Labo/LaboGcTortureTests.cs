using Research.Core.Data.Loading;
using Research.Core.Experiments.Labo;
using Research.Core.Tests.Engine;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>
/// STACK.md's temporary-Scalar race, provoked on paper 3's training path: a thread forces collections without pause
/// while the small CNN trains through the kit's trainer with LS, LABO-R and its budget form, SafeSgd and OneCycle.
/// Native errors are recovered by the trainer and attributed; none may come from the kit's own code.
/// </summary>
public sealed class LaboGcTortureTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void No_native_error_under_forced_collections_comes_from_the_label_regularisers()
    {
        var errors = new List<Exception>();
        long steps = 0;
        using (new GcTortureTests.CollectionStorm())
        {
            foreach (var method in new[] { LaboMethod.Ls(0.1), LaboMethod.LaboR(0.3, 1), LaboMethod.LaboRBudget(0.1, 0.8) })
                steps += Train(method, errors);
        }
        var origins = errors.Select(NativeErrorOrigin.Of).ToList();
        output.WriteLine($"{steps} training steps under forced collections; {errors.Count} native errors");
        foreach (var o in origins) output.WriteLine($"{(o.FromKitCode ? "KIT" : "TorchSharp internal")}: {o.KitCaller} -> {o.CalledByKit} (threw in {o.Thrower})");
        Assert.True(steps >= 300, $"expected a few hundred steps, ran {steps}");
        var fromKit = origins.Where(o => o.FromKitCode).ToList();
        Assert.True(fromKit.Count == 0, "native errors from the kit's own code:\n" + string.Join("\n", fromKit));
    }

    private static long Train(LaboMethod method, List<Exception> errors)
    {
        manual_seed(5);
        using var model = new Research.Core.Models.SmallCnn(1, 8, 10, width: 4);
        using var images = randn(256, 1, 8, 8);
        using var labels = randint(0, 10, [256], dtype: ScalarType.Int64);
        var loader = new TensorDataLoader([images, labels], batchSize: 16, shuffle: true, seed: 1);
        var options = new TrainerOptions(Epochs: 7, p => new SafeSgd(p, 0.05, 0.9, weight_decay: 5e-4, nesterov: true),
            Schedule: o => new OneCycleSchedule(o, 0.05, 7L * loader.BatchCount), NativeErrorRetries: 10_000, RestoreBest: false);
        var history = new Trainer<TensorBatch>(model, new LabelRegularizationObjective(model, method.Options()), options, new ErrorLog(errors))
            .Fit(new TensorBatchSource(loader));
        return history.Sum(e => (long)loader.BatchCount);
    }

    private sealed class ErrorLog(List<Exception> errors) : ITrainingObserver
    {
        public void Recovered(int epoch, int attempt, Exception error) => errors.Add(error);
    }
}
