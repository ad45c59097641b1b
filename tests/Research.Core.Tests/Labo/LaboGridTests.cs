using Research.Core.Experiments;
using Research.Core.Experiments.Labo;
using Research.Core.Metrics;
using Research.Core.Tests.Data;

namespace Research.Core.Tests.Labo;

/// <summary>
/// The LABO-R image grid (<see cref="LaboGrid"/>): the settings in two stages, the choice on the tuning seed's
/// validation top-1, and reuse of stored runs, which the sweep and notebook 03 both rely on.
/// </summary>
public sealed class LaboGridTests
{
    private static readonly LaboScale Full = LaboScale.Full;

    [Fact]
    public void The_full_grid_tunes_17_settings_per_noise_rate_on_one_seed_then_runs_5_families_on_4_more()
    {
        var methods = LaboGrid.Methods(Full);
        Assert.Equal(1 + 2 * (2 + 4 + 2), methods.Count);
        Assert.Equal(methods.Count, methods.Distinct().Count());
        Assert.Equal(["ce", "ls", "tf-kd-reg", "labo-r", "labo-r-budget"], methods.Select(LaboGrid.Family).Distinct());
        Assert.Contains(LaboMethod.LaboR(0.3, 10), methods);                    // T ≥ 10, LABO-R's LS limit, is swept
        Assert.Contains(LaboMethod.LaboRBudget(0.1, 0.95), methods);

        var tuning = LaboGrid.Tuning(Full, seed: 1);
        Assert.Equal(4 * 17, tuning.Count);
        Assert.All(tuning, s => Assert.Equal((1, 15, 12000, 5000, 16, "fashion-mnist"), (s.Seed, s.Epochs, s.Subset, s.Validation, s.Width, s.DataSet)));
        Assert.Equal(Full.NoiseRates, tuning.Select(s => s.Noise).Distinct());

        var chosen = LaboGrid.Choose(tuning.Select(s => new LaboRun(s, Result(s, valid: s.Method.Temperature is 2 || s.Method.Alpha is 0.3 ? 0.9 : 0.5))));
        Assert.Equal(4 * 5, chosen.Count);
        var rest = LaboGrid.Seeds(Full, chosen, [1, 2, 3, 4, 5], epochs: 3);
        Assert.Equal(4 * 4 * 5, rest.Count);
        Assert.DoesNotContain(rest, s => s.Seed == 1);                           // stage 1 already ran the tuning seed
        Assert.All(rest, s => Assert.Equal(chosen[(s.Noise, LaboGrid.Family(s.Method))], s.Method));
        Assert.All(rest, s => Assert.Equal(3, s.Epochs));
        Assert.Equal(148, tuning.Count + rest.Count);
    }

    [Fact]
    public void Choose_keeps_the_best_validated_setting_per_noise_rate_and_family_and_the_first_on_a_tie()
    {
        var specs = new[]
        {
            LaboRunSpec.Of(Full, 0.4, LaboMethod.LaboR(0.1, 1), 1), LaboRunSpec.Of(Full, 0.4, LaboMethod.LaboR(0.1, 10), 1),
            LaboRunSpec.Of(Full, 0.4, LaboMethod.Ls(0.1), 1), LaboRunSpec.Of(Full, 0.4, LaboMethod.Ls(0.3), 1),
            LaboRunSpec.Of(Full, 0.0, LaboMethod.LaboR(0.1, 1), 1), LaboRunSpec.Of(Full, 0.0, LaboMethod.LaboR(0.1, 10), 1),
        };
        double[] valid = [0.70, 0.80, 0.60, 0.60, 0.90, 0.85];
        var chosen = LaboGrid.Choose(specs.Select((s, i) => new LaboRun(s, Result(s, valid[i]))));
        Assert.Equal(LaboMethod.LaboR(0.1, 10), chosen[(0.4, "labo-r")]);
        Assert.Equal(LaboMethod.Ls(0.1), chosen[(0.4, "ls")]);                    // a tie keeps the first
        Assert.Equal(LaboMethod.LaboR(0.1, 1), chosen[(0.0, "labo-r")]);          // per noise rate

        var twoSeeds = new[] { new LaboRun(specs[0], Result(specs[0], 0.5)), new LaboRun(specs[1] with { Seed = 2 }, Result(specs[1], 0.5)) };
        Assert.Contains("one tuning seed", Assert.Throws<ArgumentException>(() => LaboGrid.Choose(twoSeeds)).Message);
        var missing = Assert.Throws<ArgumentException>(() => LaboGrid.Seeds(Full, chosen, [1, 2]));
        Assert.Contains("no setting chosen for ce at noise 0", missing.Message);
    }

    [Fact]
    public void A_sweep_config_describes_the_same_run()
    {
        var spec = LaboRunSpec.Of(Full, 0.2, LaboMethod.LaboRBudget(0.3, 0.8), seed: 4, epochs: 7);
        Assert.Equal(spec, TrainLaboConfig.Of("full", spec, "ck").Spec());
        var fixedT = LaboRunSpec.Of(LaboScale.Quick, 0.4, LaboMethod.LaboR(0.1, 2), seed: 2);
        Assert.Equal(fixedT, TrainLaboConfig.Of("quick", fixedT, "ck").Spec());
        Assert.Equal(LaboMethod.Ce, TrainLaboConfig.Of("quick", fixedT.With(LaboMethod.Ce), "ck").Spec().Method);
    }

    [Fact]
    public void A_completed_run_is_read_back_from_the_store_with_its_scores_and_reliability_bins()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var spec = LaboGrid.Tuning(LaboScale.Toy, seed: 2).Single(s => s.Method.Name == "labo-r");
        Assert.Null(LaboRunner.Find(spec, store));
        var trained = LaboRunner.RunAll([spec], store, observer: null, folder.File("ck"), reuse: true).Single().Result;
        Assert.False(trained.Reused);

        var again = LaboRunner.RunAll([spec], store, observer: null, folder.File("ck"), reuse: true).Single().Result;
        Assert.True(again.Reused);
        Assert.Equal(trained.RunId, again.RunId);
        Assert.Equal((trained.Label, trained.Epochs, trained.Valid.Top1, trained.Test.Top1, trained.Test.Nll, trained.Test.Ece, trained.TrainCleanTop1),
            (again.Label, again.Epochs, again.Valid.Top1, again.Test.Top1, again.Test.Nll, again.Test.Ece, again.TrainCleanTop1));
        Assert.Equal(15, again.Test.Bins.Count);
        Assert.Equal(trained.Test.Bins.Select(b => (b.Lower, b.Upper, b.Count)), again.Test.Bins.Select(b => (b.Lower, b.Upper, b.Count)));
        Assert.Equal(trained.Test.Bins.Select(b => b.Accuracy), again.Test.Bins.Select(b => b.Accuracy));   // NaN in empty bins too
        Assert.Equal(10000, again.Test.Bins.Sum(b => b.Count));

        Assert.Null(LaboRunner.Find(spec with { Epochs = 2 }, store));                              // another config is not this run
        Assert.Null(LaboRunner.Find(spec with { Seed = 3 }, store));
        var retrained = LaboRunner.RunAll([spec], store, observer: null, folder.File("ck"), reuse: false).Single().Result;
        Assert.False(retrained.Reused);                                                              // without reuse it runs again
        Assert.NotEqual(trained.RunId, retrained.RunId);
    }

    private static LaboRunResult Result(LaboRunSpec s, double valid)
    {
        var scores = new LaboScores(valid, 1, 0.1, Array.Empty<ReliabilityBin>());
        return new LaboRunResult(s.Method.Name, s.Method.Label, s.Method.Alpha, s.Method.Temperature, s.Method.EntropyRatio, s.Noise, s.Seed,
            s.Epochs, scores, scores, 0.5, 1, -1);
    }
}
