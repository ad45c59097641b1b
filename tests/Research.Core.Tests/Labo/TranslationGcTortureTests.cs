using System.Runtime.InteropServices;
using Research.Core.Data.Text;
using Research.Core.Experiments.Labo;
using Research.Core.Models;
using Research.Core.Tests.Engine;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>
/// STACK.md's temporary-Scalar race on the translation path: a thread forces collections while the encoder-decoder
/// trains with LS, LABO-R and its budget form (SafeAdam, inverse-sqrt warm-up) and then decodes greedily and with a
/// beam. Native errors are recovered by the trainer (or caught around the search) and attributed; none may come from
/// the kit's own code.
/// </summary>
public sealed class TranslationGcTortureTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void No_native_error_under_forced_collections_comes_from_the_translation_model_objective_or_search()
    {
        var errors = new List<Exception>();
        long steps = 0;
        var data = TranslationData.WordMapping(trainPairs: 240, validPairs: 4, testPairs: 12, words: 8, seed: 2);
        using (new GcTortureTests.CollectionStorm())
        {
            foreach (var method in new[] { LaboMethod.Ls(0.1), LaboMethod.LaboR(0.1, 1), LaboMethod.LaboRBudget(0.1, 0.8) })
                steps += TrainAndDecode(method, data, errors);
        }
        var origins = errors.Select(NativeErrorOrigin.Of).ToList();
        output.WriteLine($"{steps} training steps and 6 searches under forced collections; {errors.Count} native errors");
        foreach (var o in origins) output.WriteLine($"{(o.FromKitCode ? "KIT" : "TorchSharp internal")}: {o.KitCaller} -> {o.CalledByKit} (threw in {o.Thrower})");
        Assert.True(steps >= 200, $"expected a few hundred steps, ran {steps}");
        var fromKit = origins.Where(o => o.FromKitCode).ToList();
        Assert.True(fromKit.Count == 0, "native errors from the kit's own code:\n" + string.Join("\n", fromKit));
    }

    private static long TrainAndDecode(LaboMethod method, TranslationData data, List<Exception> errors)
    {
        manual_seed(5);
        using var model = new TranslationTransformer(new TranslationTransformerConfig(data.Vocabulary.Count, Width: 16, Heads: 2, FeedForward: 32, MaxLength: 24));
        var batches = new TranslationBatchSource(data.Train.Source, data.Train.Target, maxTokens: 64, maxLength: 24, seed: 1);
        var options = new TrainerOptions(Epochs: 4, p => new SafeAdam(p, 1e-3, beta1: 0.9, beta2: 0.98),
            Schedule: o => new InverseSqrtSchedule(o, 1e-3, 20), NativeErrorRetries: 10_000, RestoreBest: false);
        new Trainer<TranslationBatch>(model, new TranslationObjective(model, method.Options(new TranslationSpecials().All)), options, new ErrorLog(errors))
            .Fit(batches);
        foreach (var search in new Func<int[][]>[] { () => TranslationSearch.Greedy(model, data.Test.Source), () => TranslationSearch.Beam(model, data.Test.Source, 3) })
        {
            try
            {
                Assert.Equal(data.Test.Count, search().Length);
            }
            catch (ExternalException error)
            {
                errors.Add(error);
            }
        }
        return 4L * batches.BatchCount;
    }

    private sealed class ErrorLog(List<Exception> errors) : ITrainingObserver
    {
        public void Recovered(int epoch, int attempt, Exception error) => errors.Add(error);
    }
}
