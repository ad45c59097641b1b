using Research.Core.Data.Loading;
using Research.Core.Data.Synthetic;
using Research.Core.Experiments.Dist2;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Tests.Engine;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Dist2;

/// <summary>
/// STACK.md's GC race, provoked over paper 1's training steps: a thread forces collections without pause while the
/// decoder trains with DIST2 (place values, digits) and the blob locator with the 2-D joint-cell metric. The trainer
/// recovers from any native error and reports it; none may come from the kit's own code.
/// </summary>
public sealed class Dist2GcTortureTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void No_native_error_under_forced_collections_comes_from_dist2_code()
    {
        var errors = new List<Exception>();
        var observer = new ErrorLog(errors);
        using (new GcTortureTests.CollectionStorm())
        {
            manual_seed(1);
            using (var prompts = RegressionPrompts.Generate(64, 1, NumberTokenisation.TwoDigits))
            using (var decoder = new DecoderTransformer(new DecoderTransformerConfig(11, RegressionPrompts.BlockSize(NumberTokenisation.TwoDigits), 1, 2, 16,
                       TokenValues: RegressionPrompts.TokenValues(NumberTokenisation.TwoDigits))))
            using (var digits = MetricVocabulary.Integers(0, 10))
                Train(decoder, new Dist2Objective(decoder, digits, new Dist2Options(1, 2, placeValueWeights: true)), prompts.Inputs, prompts.Labels, observer);
            using (var images = BlobLocation.Generate(64, 2, CoordinateTokenisation.JointCell))
            using (var locator = new BlobLocator(784, 16, 1, 784))
            using (var cells = BlobRunner.MetricOf(CoordinateTokenisation.JointCell))
                Train(locator, new Dist2Objective(locator, cells, new Dist2Options(1, 2)), images.Images, images.Tokens, observer);
        }
        var origins = errors.Select(NativeErrorOrigin.Of).ToList();
        output.WriteLine($"400 training steps under forced collections; {errors.Count} native errors");
        foreach (var o in origins) output.WriteLine(o.ToString());
        var fromKit = origins.Where(o => o.FromKitCode).ToList();
        Assert.True(fromKit.Count == 0, "native errors from the kit's own code:\n" + string.Join("\n", fromKit));
    }

    private static void Train(TorchSharp.torch.nn.Module model, IObjective<TensorBatch> objective, Tensor inputs, Tensor labels, ITrainingObserver observer)
    {
        var loader = new TensorDataLoader([inputs, labels], batchSize: 16, shuffle: true, seed: 1);
        var options = new TrainerOptions(1, p => new SafeAdam(p, 1e-3), RestoreBest: false, NativeErrorRetries: 10_000);
        new Trainer<TensorBatch>(model, objective, options, observer).Fit(new StepBatchSource(loader, 200));
    }

    private sealed class ErrorLog(List<Exception> errors) : ITrainingObserver
    {
        public void Recovered(int epoch, int attempt, Exception error) => errors.Add(error);
    }
}
