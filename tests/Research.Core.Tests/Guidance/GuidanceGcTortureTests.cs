using Research.Core.Data.Loading;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Tests.Engine;
using Research.Core.Training;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>STACK.md's hazard over guided training: forced collections while a deep FCN trains against a ResNet guide
/// (hooks, recorder, both CKA estimators); no native error may come from the kit's own code.</summary>
public sealed class GuidanceGcTortureTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Guided_training_under_forced_collections_raises_no_native_error_from_kit_code()
    {
        var errors = new List<Exception>();
        long steps = 0;
        using (new GcTortureTests.CollectionStorm())
            foreach (var estimator in new[] { CkaEstimator.Biased, CkaEstimator.Unbiased })
            {
                manual_seed(4);
                using var target = new DeepFcn(new DeepFcnConfig(Inputs: 64, Depth: 6, Width: 16));
                using var guide = new ResNet(new ResNetConfig([1, 1, 1], Width: 4));
                using var images = randn(320, 1, 8, 8);
                using var labels = randint(0, 10, [320], dtype: ScalarType.Int64);
                var loader = new TensorDataLoader([images, labels], batchSize: 32, shuffle: true, seed: 1);
                using var objective = new GuidanceObjective(target, guide, new GuidanceOptions(estimator: estimator, noiseToGuide: estimator == CkaEstimator.Unbiased));
                var options = new TrainerOptions(Epochs: 10, p => optim.Adam(p, lr: 1e-3), NativeErrorRetries: 10_000, RestoreBest: false);
                new Trainer<TensorBatch>(target, objective, options, new ErrorLog(errors)).Fit(new TensorBatchSource(loader));
                steps += objective.Steps;
            }
        var origins = errors.Select(NativeErrorOrigin.Of).ToList();
        output.WriteLine($"{steps} guided steps under forced collections; {errors.Count} native errors");
        foreach (var origin in origins) output.WriteLine(origin.ToString());
        Assert.True(steps >= 200, $"expected 200 steps, ran {steps}");
        Assert.True(origins.All(o => !o.FromKitCode), "native errors from the kit's own code:\n" + string.Join("\n", origins.Where(o => o.FromKitCode)));
    }

    private sealed class ErrorLog(List<Exception> errors) : ITrainingObserver
    {
        public void Recovered(int epoch, int attempt, Exception error) => errors.Add(error);
    }
}
