using Research.Core.Data.Text;
using Research.Core.Experiments;
using Research.Core.Experiments.Labo;
using Research.Core.Metrics.Bleu;
using Research.Core.Models;
using Research.Core.Tests.Data;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>
/// LABO-R's translation experiment end to end on the generated word-mapping language (no corpus download): under CE,
/// LS and LABO-R the model learns to translate, far above an untrained model and a constant output; the run store
/// gets the run; the noisy-target variant swaps exactly the requested share of training targets.
/// </summary>
public sealed class TranslationEndToEndTests(ITestOutputHelper output)
{
    private static readonly TranslationScale Tiny = TranslationScale.Toy;

    private static TranslationData Data() => TranslationData.WordMapping(trainPairs: 800, validPairs: 50, testPairs: 80, words: 10, seed: 1);

    [Fact]
    public void Ce_ls_and_labo_r_learn_the_word_mapping_language()
    {
        using var folder = new TempFolder();
        var data = Data();
        manual_seed(1);
        using var untrained = new TranslationTransformer(Tiny.Model(data.Vocabulary.Count));
        var untrainedBleu = CorpusBleu.Score(TranslationSearch.Greedy(untrained, data.Test.Source).Select(data.Decode).ToArray(), data.Test.References).Score;
        var mostFrequent = data.Train.Target.SelectMany(t => t).GroupBy(t => t).MaxBy(g => g.Count())!.Key;
        var constant = data.Test.Source.Select(s => data.Decode(Enumerable.Repeat(mostFrequent, s.Length).ToArray())).ToArray();
        var constantBleu = CorpusBleu.Score(constant, data.Test.References).Score;
        output.WriteLine($"untrained BLEU {untrainedBleu:F2}, constant most-frequent-word BLEU {constantBleu:F2}");
        using var store = RunStore.Open(folder.File("runs.db"));
        foreach (var method in new[] { LaboMethod.Ce, LaboMethod.Ls(0.1), LaboMethod.LaboR(0.1, 2) })
        {
            var spec = new TranslationRunSpec(Tiny, "word-mapping", method, Noise: 0, Seed: 1);
            var result = TranslationRunner.Run(spec, data, store, observer: null, folder.File("checkpoints"));
            output.WriteLine($"{result.Label}: valid BLEU by epoch {string.Join(" ", result.ValidBleuByEpoch.Values.Select(b => b.ToString("F1")))}, best epoch {result.BestEpoch}; " +
                             $"test BLEU greedy {result.Greedy.Bleu:F2}, beam {result.Beam.Bleu:F2}, chrF greedy {result.Greedy.Chrf:F2}, beam {result.Beam.Chrf:F2}; {result.Seconds:F1} s");
            Assert.True(result.Greedy.Bleu > 40 && result.Beam.Bleu > 40, $"{result.Label} did not learn: {result.Greedy.Bleu:F2} / {result.Beam.Bleu:F2}");
            Assert.True(result.Greedy.Bleu > Math.Max(untrainedBleu, constantBleu) + 30);
            Assert.Equal(result.ValidBleuByEpoch.Values.Max(), result.ValidBleu);
            Assert.Equal(data.Test.Count, result.Beam.Hypotheses.Length);
        }
        Assert.Equal(3, store.Runs(TranslationRunner.Experiment).Count);
    }

    [Fact]
    public void Running_the_same_spec_again_resumes_from_the_checkpoint_with_the_same_best_epoch_and_scores()
    {
        using var folder = new TempFolder();
        var data = TranslationData.WordMapping(trainPairs: 200, validPairs: 20, testPairs: 20, words: 6, seed: 4);
        var spec = new TranslationRunSpec(Tiny with { Epochs = 3 }, "word-mapping", LaboMethod.LaboRBudget(0.1, 0.8), Noise: 0.1, Seed: 2);
        var first = TranslationRunner.Run(spec, data, store: null, observer: null, folder.Path);
        var again = TranslationRunner.Run(spec, data, store: null, observer: null, folder.Path);
        Assert.Equal(3, first.ValidBleuByEpoch.Count);
        Assert.Equal(first.ValidBleuByEpoch, again.ValidBleuByEpoch);
        Assert.Equal((first.BestEpoch, first.ValidBleu, first.Seconds), (again.BestEpoch, again.ValidBleu, again.Seconds));   // no epoch ran again
        Assert.Equal(first.Beam.Hypotheses, again.Beam.Hypotheses);                                                     // the best weights came back
        Assert.Equal(first.Greedy.Bleu, again.Greedy.Bleu);
        Assert.Single(Directory.GetFiles(folder.Path, "*.best-bleu.safetensors"));
    }

    [Fact]
    public void The_noisy_target_variant_misaligns_exactly_the_requested_share_of_training_pairs()
    {
        var data = Data();
        var noisy = data.WithMisalignedTargets(0.2, seed: 3);
        Assert.Equal(160, noisy.MisalignedPairs);
        var changed = Enumerable.Range(0, data.Train.Count).Count(i => !noisy.Train.Target[i].SequenceEqual(data.Train.Target[i]));
        Assert.InRange(changed, 155, 160);                                          // a swapped-in target can equal the original by chance
        Assert.Equal(data.Train.Source, noisy.Train.Source);
        Assert.Equal(data.Test, noisy.Test);
        Assert.Equal(noisy.Train.Target.Select(t => string.Join(',', t)).Order(), data.Train.Target.Select(t => string.Join(',', t)).Order());   // a permutation
        Assert.Equal(0, data.WithMisalignedTargets(0, seed: 3).MisalignedPairs);
    }
}
