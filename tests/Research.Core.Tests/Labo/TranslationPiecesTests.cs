using Research.Core.Experiments.Configs;
using Research.Core.Experiments.Labo;
using Research.Core.Tests.Data;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>The pieces of LABO-R's translation runner: the inverse-sqrt schedule and the config checks.</summary>
public sealed class TranslationPiecesTests
{
    [Fact]
    public void Inverse_sqrt_warms_up_linearly_then_decays_as_one_over_root_step_and_resumes_exactly()
    {
        using var model = nn.Linear(2, 2);
        using var adam = optim.Adam(model.parameters(), 1.0);
        var schedule = new InverseSqrtSchedule(adam, 1e-3, warmupSteps: 100);
        Assert.Equal(1e-5, LearningRates.Of(adam), 15);                       // step 1 of 100
        Assert.Equal(5e-4, schedule.RateAt(50), 15);
        Assert.Equal(1e-3, schedule.RateAt(100), 15);
        Assert.Equal(5e-4, schedule.RateAt(400), 15);                          // 1e-3 · √(100 / 400)
        schedule.StepEnded(399);
        Assert.Equal(5e-4, LearningRates.Of(adam), 15);
        var state = schedule.SaveState();
        using var adam2 = optim.Adam(model.parameters(), 1.0);
        new InverseSqrtSchedule(adam2, 1e-3, 100).LoadState(state);
        Assert.Equal(LearningRates.Of(adam), LearningRates.Of(adam2), 15);
    }

    public static TheoryData<string, string> BadConfigs() => new()
    {
        { """{ "method": "labo-r", "alpha": 0.1 }""", "field 'temperature' is missing" },
        { """{ "method": "ls", "alpha": 0.1, "temperature": 2 }""", "field 'temperature' is set but method is ls" },
        { """{ "method": "ce", "alpha": 0.1 }""", "field 'alpha' is 0.1 but method is ce" },
        { """{ "method": "ls", "alpha": 0.1, "noise": 0.3 }""", "field 'noise' is 0.3; allowed: a number in [0, 0.2]" },
        { """{ "method": "tf-kd-reg", "alpha": 0.1 }""", "field 'method'" },
        { """{ "scale": "huge" }""", "field 'scale'" },
        { """{ "data": "wmt" }""", "field 'data'" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_bad_config_is_refused_naming_the_field(string json, string fragment)
    {
        using var folder = new TempFolder();
        var path = folder.File("run.json");
        File.WriteAllText(path, json);
        var error = Assert.ThrowsAny<Exception>(() => TrainLaboMtConfig.Read(path));
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void A_config_sets_the_run_and_overrides_the_scale()
    {
        using var folder = new TempFolder();
        var path = folder.File("run.json");
        File.WriteAllText(path, """{ "scale": "full", "method": "labo-r-budget", "alpha": 0.1, "entropyRatio": 0.8, "noise": 0.1, "seed": 3, "epochs": 1 }""");
        var spec = TrainLaboMtConfig.Read(path).Spec();
        Assert.Equal(("full", 1, 128, 2, 12_000), (spec.Scale.Name, spec.Scale.Epochs, spec.Scale.Width, spec.Scale.Layers, spec.Scale.TrainPairs));
        Assert.Equal(("labo-r-budget", 0.1, 0.8, 0.1, 3), (spec.Method.Name, spec.Method.Alpha, spec.Method.EntropyRatio, spec.Noise, spec.Seed));
        Assert.Equal("LABO-R α=0.1 r=0.8", spec.Method.Label);
    }
}
