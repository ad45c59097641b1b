using Research.Core.Data.Images;

namespace Research.Core.Tests.Data;

public sealed class LabelNoiseTests
{
    private static readonly byte[] Labels = Enumerable.Range(0, 1000).Select(i => (byte)(i % 10)).ToArray();

    [Theory]
    [InlineData(LabelNoiseKind.Symmetric, 0.2, 200)]
    [InlineData(LabelNoiseKind.Symmetric, 0.6, 600)]
    [InlineData(LabelNoiseKind.Pairwise, 0.45, 450)]
    [InlineData(LabelNoiseKind.Pairwise, 0.0, 0)]
    [InlineData(LabelNoiseKind.None, 0.0, 0)]
    [InlineData(LabelNoiseKind.Symmetric, 0.0005, 1)]
    public void Flips_exactly_the_rounded_share_and_never_to_the_same_class(LabelNoiseKind kind, double rate, int flips)
    {
        var noisy = LabelNoise.Apply(Labels, 10, kind, rate, seed: 4);
        var changed = Enumerable.Range(0, Labels.Length).Where(i => noisy.Labels[i] != Labels[i]).ToList();
        Assert.Equal(flips, changed.Count);
        Assert.Equal(flips, noisy.Flipped);
        if (kind == LabelNoiseKind.Pairwise) Assert.All(changed, i => Assert.Equal((Labels[i] + 1) % 10, noisy.Labels[i]));
        long diagonal = 0, total = 0;
        for (var a = 0; a < 10; a++)
            for (var b = 0; b < 10; b++)
            {
                total += noisy.Transitions[a, b];
                if (a == b) diagonal += noisy.Transitions[a, b];
            }
        Assert.Equal(Labels.Length, total);
        Assert.Equal(Labels.Length - flips, diagonal);
    }

    [Fact]
    public void Symmetric_noise_spreads_over_the_other_classes_and_is_seeded()
    {
        var many = Enumerable.Repeat((byte)3, 9000).ToArray();
        var noisy = LabelNoise.Apply(many, 10, LabelNoiseKind.Symmetric, 1.0, seed: 1);
        Assert.Equal(0, noisy.Transitions[3, 3]);
        for (var c = 0; c < 10; c++)
            if (c != 3) Assert.InRange(noisy.Transitions[3, c], 850, 1150);   // 1000 expected each
        Assert.Equal(noisy.Labels, LabelNoise.Apply(many, 10, LabelNoiseKind.Symmetric, 1.0, seed: 1).Labels);
        Assert.NotEqual(noisy.Labels, LabelNoise.Apply(many, 10, LabelNoiseKind.Symmetric, 1.0, seed: 2).Labels);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        Assert.Contains("rate must be in [0, 1], got 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => LabelNoise.Apply(Labels, 10, LabelNoiseKind.Symmetric, 1.5, 0)).Message);
        Assert.Contains("labels[9] is 9: expected a class in [0, 8]", Assert.Throws<ArgumentException>(() => LabelNoise.Apply(Labels, 9, LabelNoiseKind.Symmetric, 0.1, 0)).Message);
        Assert.Contains("label noise 'uniform': expected none, symmetric or pairwise", Assert.Throws<ArgumentException>(() => LabelNoise.Parse("uniform")).Message);
    }
}
