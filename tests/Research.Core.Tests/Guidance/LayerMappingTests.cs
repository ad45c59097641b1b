using Research.Core.Losses;

namespace Research.Core.Tests.Guidance;

/// <summary>The authors' layer mapping (layer_supervision): the note's worked examples, half-to-even rounding, overwriting.</summary>
public sealed class LayerMappingTests
{
    public static TheoryData<int, int, int[]> WorkedExamples() => new()
    {
        { 3, 5, [0, 2, 4] }, { 4, 10, [0, 3, 6, 9] }, { 5, 9, [0, 2, 4, 6, 8] }, { 3, 4, [0, 2, 3] }, { 1, 7, [0] },
        { 2, 2, [0, 1] }, { 4, 3, [0, 1, 1, 2] }, { 5, 3, [0, 0, 1, 2, 2] },
        { 21, 48, [0, 2, 5, 7, 9, 12, 14, 16, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40, 42, 45, 47] },
    };

    [Theory]
    [MemberData(nameof(WorkedExamples))]
    public void The_worked_examples_of_the_note(int guide, int target, int[] expected) =>
        Assert.Equal(expected, LayerMapping.TargetOfGuide(guide, target));

    [Fact]
    public void Later_guide_layers_overwrite_earlier_ones()
    {
        Assert.Equal([(0, 1), (1, 2), (2, 4)], LayerMapping.Pairs(5, 3));                  // t0←g1, t1←g2, t2←g4
        Assert.Equal([(0, 5), (1, 14), (2, 20)], LayerMapping.Pairs(21, 3));               // Wide FCN: conv5, conv14, avgpool
        var plain = LayerMapping.Pairs(54, 50);                                             // ResNet-50 → plain net
        Assert.Equal(50, plain.Count);
        Assert.Equal(4, 54 - plain.Count);
    }

    [Fact]
    public void Endpoints_order_and_term_count_hold_for_every_size_up_to_60()
    {
        for (var g = 1; g <= 60; g++)
            for (var t = 1; t <= 60; t++)
            {
                var map = LayerMapping.TargetOfGuide(g, t);
                Assert.Equal(0, map[0]);
                if (g > 1) Assert.Equal(t - 1, map[^1]);
                Assert.True(map.Zip(map.Skip(1)).All(p => p.First <= p.Second), $"{g}→{t} decreases");
                if (g <= t) Assert.Equal(g, map.Distinct().Count());
                Assert.Equal(map.Distinct().Count(), LayerMapping.Pairs(g, t).Count);
            }
    }

    [Fact]
    public void Sizes_below_one_are_named() =>
        Assert.Contains("guideLayers must be >= 1, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => LayerMapping.TargetOfGuide(0, 3)).Message);
}
