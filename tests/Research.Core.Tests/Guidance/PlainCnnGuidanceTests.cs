using System.Text.Json;
using Research.Core.Experiments;
using Research.Core.Experiments.Guidance;
using Research.Core.Tests.Data;
using Xunit.Abstractions;

namespace Research.Core.Tests.Guidance;

/// <summary>
/// E2 through the runner on real data: a plain-20 CNN (a ResNet-20 layout without shortcuts, widths 8/16/32) guided by
/// a ResNet-20 of the same widths, one short epoch on 512 Fashion-MNIST images. The plain net's 19 convolutions and its
/// pooling are all mapped (the guide's 22 layers include 2 shortcut convolutions), the run is logged with its target,
/// and guidance raises the plain net's CKA with the guide over an unguided run from the same initialisation.
/// </summary>
public sealed class PlainCnnGuidanceTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void The_runner_guides_a_plain_CNN_by_a_ResNet_of_its_depth_and_logs_the_target()
    {
        var scale = GuidanceScale.Quick with { TrainImages = 512, TestImages = 256, Batch = 128 };
        using var data = GuidanceData.Load(scale, translated: false);
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var unguided = GuidanceRunner.Run(scale, new GuidanceRunSpec(GuidanceArm.Base, false, 1, Epochs: 1, Target: GuidanceTarget.PlainCnn), data, store);
        var guided = GuidanceRunner.Run(scale, new GuidanceRunSpec(GuidanceArm.Untrained, false, 1, Epochs: 1, Target: GuidanceTarget.PlainCnn), data, store);
        output.WriteLine($"mean CKA after: unguided {unguided.CkaAfter.Average():F3}, guided {guided.CkaAfter.Average():F3}; train CE {unguided.TrainLoss[0]:F3} / {guided.TrainLoss[0]:F3}");

        Assert.Equal(20, guided.Pairs.Count);
        Assert.Equal(4, guided.Steps);
        Assert.True(guided.TrainLoss.All(double.IsFinite) && guided.FinalTestAccuracy is > 0 and <= 1);
        Assert.Equal(unguided.CkaBefore, guided.CkaBefore);                    // same initialisation of target and guide
        Assert.True(guided.CkaAfter.Average() > unguided.CkaAfter.Average(), "guidance should raise the plain CNN's CKA with the guide");

        using var config = JsonDocument.Parse(store.Run(guided.RunId).Config);
        Assert.Equal("plain-cnn", config.RootElement.GetProperty("target").GetString());
        Assert.Equal(20, config.RootElement.GetProperty("depth").GetInt32());
        Assert.Equal(new[] { 3, 3, 3 }, config.RootElement.GetProperty("guideBlocks").EnumerateArray().Select(e => e.GetInt32()));
    }
}
