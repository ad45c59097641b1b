using Research.Core.Experiments;

namespace Research.Core.Tests;

/// <summary>A two-layer MLP built from raw tensor ops must learn the spiral (the engine's end-to-end check).</summary>
public sealed class SpiralDemoTests
{
    [Fact]
    public void Raw_op_mlp_learns_a_spiral()
    {
        var result = SpiralDemo.Run(steps: 1500);
        Assert.True(result.TrainAccuracy > 0.95, $"train accuracy {result.TrainAccuracy:P1}, loss {result.FinalLoss:F3}");
        Assert.True(result.TestAccuracy > 0.9, $"test accuracy {result.TestAccuracy:P1}");
    }

    [Fact]
    public void Same_seed_same_result()
    {
        var a = SpiralDemo.Run(steps: 50);
        var b = SpiralDemo.Run(steps: 50);
        Assert.Equal(a.FinalLoss, b.FinalLoss);
    }
}
