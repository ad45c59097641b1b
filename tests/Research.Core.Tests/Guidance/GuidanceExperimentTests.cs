using Research.Core.Experiments.Configs;
using Research.Core.Data.Images;
using Research.Core.Experiments.Guidance;
using Research.Core.Losses;
using Research.Core.Tests.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>E1's pieces: the translated images, the strict JSON config of `research train guidance`.</summary>
public sealed class GuidanceExperimentTests
{
    [Fact]
    public void Translated_images_keep_every_pixel_at_a_seeded_position_on_the_background()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var images = rand(20, 1, 28, 28).add(tensor(1f));                           // all pixels in [1, 2)
        var placed = TranslatedImages.Place(images, 40, background: -0.5, seed: 3);
        Assert.Equal([20L, 1, 40, 40], placed.shape);
        Assert.True(placed.eq(tensor(-0.5f)).sum().item<long>() == 20 * (1600 - 784));
        Assert.Equal(images.sum().item<float>(), placed.where(placed.gt(tensor(0f)), tensor(0f)).sum().item<float>(), 0);
        Assert.True(placed.eq(TranslatedImages.Place(images, 40, -0.5, seed: 3)).all().item<bool>());
        Assert.False(placed.eq(TranslatedImages.Place(images, 40, -0.5, seed: 4)).all().item<bool>());
        var rows = placed[.., 0].gt(tensor(0f)).any(2).to(ScalarType.Int64).argmax(1);  // top row of each item
        Assert.True(rows.unique().Item1.numel() > 3, "positions should vary between items");
    }

    [Fact]
    public void The_config_reads_every_field_and_names_bad_ones()
    {
        using var folder = new TempFolder();
        string Write(string json)
        {
            var path = Path.Combine(folder.Path, $"c{Guid.NewGuid():N}.json");
            File.WriteAllText(path, json);
            return path;
        }
        var spec = TrainGuidanceConfig.Read(Write("""{ "scale": "quick", "target": "plain-cnn", "arm": "init", "data": "translated", "seed": 4, "epochs": 2, "learningRate": 0.01, "alpha": 2, "estimator": "unbiased", "cacheGuide": true }""")).Spec();
        Assert.Equal(new GuidanceRunSpec(GuidanceArm.Initialisation, true, 4, 2, 0.01, 2, CkaEstimator.Unbiased, CacheGuide: true, GuidanceTarget.PlainCnn), spec);
        Assert.Equal(new GuidanceRunSpec(GuidanceArm.Untrained, false, 1), TrainGuidanceConfig.Read(Write("{}")).Spec());
        var gate = TrainGuidanceConfig.Read(Write("""{ "target": "resnet", "arm": "base", "plainBlocks": 5, "trainImages": 10000 }""")).Spec();
        Assert.Equal((GuidanceTarget.ResNet, 5, 10000), (gate.Target, gate.PlainBlocks!.Value, gate.TrainImages!.Value));
        Assert.Equal(gate, TrainGuidanceConfig.Of("quick", gate).Spec());   // what the sweep writes reads back as the same run
        foreach (var (json, message) in new[]
        {
            ("""{ "arm": "teacher" }""", "field 'arm' is 'teacher'; allowed: base, untrained, trained, init"),
            ("""{ "data": "cifar" }""", "field 'data' is 'cifar'; allowed: plain, translated"),
            ("""{ "target": "vgg" }""", "field 'target' is 'vgg'; allowed: fcn, plain-cnn, resnet"),
            ("""{ "plainBlocks": 0 }""", "field 'plainBlocks' is 0; allowed: a number >= 1"),
            ("""{ "scale": "huge" }""", "field 'scale' is 'huge'; allowed: quick, full"),
            ("""{ "estimator": "debiased" }""", "field 'estimator' is 'debiased'; allowed: biased, unbiased"),
            ("""{ "epochs": 0 }""", "field 'epochs' is 0; allowed: a number >= 1"),
            ("""{ "alpha": -1 }""", "field 'alpha' is -1; allowed: a number >= 0"),
            ("""{ "arm": null }""", "field 'arm' must not be null"),
            ("""{ "seeds": 3 }""", "unknown field 'seeds'"),
            ("""{ "seed": "3" }""", "field 'seed' is \"3\"; allowed: an integer"),
            ("""{ "cacheGuide": "yes" }""", "field 'cacheGuide' is \"yes\"; allowed: true or false"),
        })
        {
            var path = Write(json);
            var error = Assert.Throws<ConfigException>(() => TrainGuidanceConfig.Read(path));
            Assert.Contains(path, error.Message);
            Assert.Contains(message, error.Message);
        }
    }
}
