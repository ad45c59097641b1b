using Research.Core.Experiments;
using Research.Core.Experiments.Labo;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Tests.Data;

namespace Research.Core.Tests.Labo;

/// <summary>
/// The translation grid (<see cref="TranslationGrid"/>), reuse of stored translation runs with their hypotheses, the
/// best weights read back, and <see cref="SmoothingMass"/>, the notebook's look at where LABO-R puts its mass.
/// </summary>
public sealed class TranslationGridTests
{
    private static readonly TranslationScale Full = TranslationScale.Full;

    [Fact]
    public void The_grid_tunes_T_on_the_first_seed_then_compares_three_methods_on_the_others_and_two_with_misaligned_targets()
    {
        var tuning = TranslationGrid.Tuning(Full, "mt", seed: 1);
        Assert.Equal([LaboMethod.Ce, LaboMethod.Ls(0.1), LaboMethod.LaboR(0.1, 2), LaboMethod.LaboR(0.1, 10)], tuning.Select(s => s.Method));
        Assert.All(tuning, s => Assert.Equal((1, 0.0, "mt"), (s.Seed, s.Noise, s.Data)));

        double[] valid = [9, 9, 5, 6];
        var chosen = TranslationGrid.ChooseTemperature(tuning.Select((s, i) => new TranslationRun(s, Result(s, valid[i]))));
        Assert.Equal(10, chosen);                                                   // CE and LS validate better, but only LABO-R's T is chosen
        Assert.Equal(2, TranslationGrid.ChooseTemperature(tuning.Select(s => new TranslationRun(s, Result(s, 5)))));   // a tie keeps the first
        Assert.Throws<ArgumentException>(() => TranslationGrid.ChooseTemperature(tuning.Take(2).Select(s => new TranslationRun(s, Result(s, 1)))));

        var seeds = TranslationGrid.Seeds(Full, "mt", [1, 2, 3], chosen);
        Assert.Equal(6, seeds.Count);
        Assert.DoesNotContain(seeds, s => s.Seed == 1 || s.Noise != 0);
        Assert.Contains(seeds, s => s.Method == LaboMethod.LaboR(0.1, 10) && s.Seed == 3);
        var noisy = TranslationGrid.Noisy(Full, "mt", [1, 2, 3], chosen);
        Assert.Equal(6, noisy.Count);
        Assert.All(noisy, s => Assert.Equal(TranslationGrid.MisalignedShare, s.Noise));
        Assert.Equal(["ls", "labo-r"], noisy.Select(s => s.Method.Name).Distinct());
    }

    [Fact]
    public void A_sweep_config_describes_the_same_run()
    {
        var spec = new TranslationRunSpec(TranslationScale.Toy with { Epochs = 4 }, "word-mapping", LaboMethod.LaboR(0.1, 2), 0.2, 3);
        Assert.Equal(spec, TrainLaboMtConfig.Of("toy", spec, "ck").Spec());
        var ce = new TranslationRunSpec(Full, "mt", LaboMethod.Ce, 0, 1);
        Assert.Equal(ce, TrainLaboMtConfig.Of("full", ce, "ck").Spec());
    }

    [Fact]
    public void A_stored_run_is_read_back_with_its_hypotheses_and_its_best_weights_reproduce_them()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(folder.File("runs.db"));
        var checkpoints = folder.File("ck");
        var data = TranslationData.WordMapping(trainPairs: 200, validPairs: 20, testPairs: 20, words: 6, seed: 4);
        var spec = new TranslationRunSpec(TranslationScale.Toy with { Epochs = 3 }, "word-mapping", LaboMethod.LaboR(0.1, 2), Noise: 0.1, Seed: 2);
        Assert.Null(TranslationRunner.Find(spec, data, store, checkpoints));
        var trained = TranslationRunner.Run(spec, data, store, observer: null, checkpoints, reuse: true);
        Assert.False(trained.Reused);

        var again = TranslationRunner.Run(spec, data, store, observer: null, checkpoints, reuse: true);
        Assert.True(again.Reused);
        Assert.Equal(trained.RunId, again.RunId);
        Assert.Equal((trained.Epochs, trained.BestEpoch, trained.ValidBleu, trained.ValidNll, trained.Greedy.Bleu, trained.Beam.Chrf, trained.Seconds),
            (again.Epochs, again.BestEpoch, again.ValidBleu, again.ValidNll, again.Greedy.Bleu, again.Beam.Chrf, again.Seconds));
        Assert.Equal(trained.ValidBleuByEpoch, again.ValidBleuByEpoch);
        Assert.Equal(trained.Greedy.Hypotheses, again.Greedy.Hypotheses);
        Assert.Equal(trained.Beam.Hypotheses, again.Beam.Hypotheses);
        Assert.Equal(data.Test.References, again.References);
        Assert.Null(TranslationRunner.Find(spec with { Seed = 3 }, data, store, checkpoints));
        Assert.Null(TranslationRunner.Find(spec with { Noise = 0 }, data, store, checkpoints));

        using var best = TranslationRunner.LoadBest(spec, data, checkpoints);
        Assert.Equal(trained.Greedy.Hypotheses, TranslationSearch.Greedy(best, data.Test.Source).Select(data.Decode));
        Assert.Throws<FileNotFoundException>(() => TranslationRunner.LoadBest(spec with { Seed = 9 }, data, checkpoints));

        foreach (var f in Directory.GetFiles(checkpoints, "*.test.beam4.txt")) File.Delete(f);
        Assert.Null(TranslationRunner.Find(spec, data, store, checkpoints));             // without its hypotheses a run cannot be reused
    }

    [Fact]
    public void Smoothing_mass_is_labo_r_q_at_each_target_position_and_uniform_at_a_huge_temperature()
    {
        var data = TranslationData.WordMapping(trainPairs: 20, validPairs: 2, testPairs: 2, words: 6, seed: 4);
        TorchSharp.torch.manual_seed(3);
        using var model = new TranslationTransformer(TranslationScale.Toy.Model(data.Vocabulary.Count));
        var specials = new Research.Core.Data.Text.TranslationSpecials().All;
        var (source, target) = (data.Test.Source[0], data.Test.Target[0]);
        var vocabulary = data.Vocabulary;

        var at = SmoothingMass.Of(model, LaboRSmoothing.Penalty(1, specials), vocabulary, source, target, top: 3);
        Assert.Equal(target.Length + 1, at.Count);                                    // every target piece and </s>
        Assert.Equal(target.Select(t => vocabulary.Pieces[t]).Append("</s>"), at.Select(a => a.Gold));
        foreach (var a in at)
        {
            Assert.Equal(3, a.Top.Count);
            Assert.True(a.Top.Zip(a.Top.Skip(1)).All(p => p.First.Mass >= p.Second.Mass), "sorted by mass");
            Assert.DoesNotContain(a.Top, p => p.Piece == a.Gold || p.Piece is "<pad>" or "<unk>" or "<s>" or "</s>");
            Assert.InRange(a.Top.Sum(p => p.Mass), 0, 1 + 1e-9);
            Assert.InRange(a.GoldProbability, 0, 1);
            Assert.Equal(1.0 / (vocabulary.Count - 1), a.UniformMass);
        }

        var flat = SmoothingMass.Of(model, LaboRSmoothing.Penalty(1e9, specials), vocabulary, source, target, top: 2);
        foreach (var a in flat.Where(a => a.Gold != "</s>"))                           // K − 4 specials − gold share the mass evenly
            Assert.All(a.Top, p => Assert.Equal(1.0 / (vocabulary.Count - 5), p.Mass, 1e-6));
    }

    private static TranslationRunResult Result(TranslationRunSpec s, double validBleu)
    {
        var scores = new TranslationScores(1, 1, []);
        return new TranslationRunResult(s.Method.Name, s.Method.Label, s.Method.Alpha, s.Method.Temperature, s.Method.EntropyRatio, s.Noise, s.Seed,
            1, new Dictionary<int, double>(), 1, validBleu, 1, scores, scores, [], 1, -1);
    }
}
