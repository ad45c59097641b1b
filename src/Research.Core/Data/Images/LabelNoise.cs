namespace Research.Core.Data.Images;

/// <summary>Which labels a corrupted label may become.</summary>
public enum LabelNoiseKind
{
    None,

    /// <summary>A flipped label becomes a uniformly chosen different class.</summary>
    Symmetric,

    /// <summary>A flipped label c becomes (c + 1) mod K, the "pair flipping" of noisy-label benchmarks.</summary>
    Pairwise,
}

/// <summary>What <see cref="LabelNoise.Apply"/> did: the new labels and how many of them differ from the clean ones.</summary>
public sealed record NoisyLabels(byte[] Labels, int Flipped, long[,] Transitions)
{
    public double RealisedRate => Labels.Length == 0 ? 0 : (double)Flipped / Labels.Length;
}

/// <summary>Injects label noise into training labels at a given rate and seed.</summary>
public static class LabelNoise
{
    public static LabelNoiseKind Parse(string name) => name switch
    {
        "none" => LabelNoiseKind.None,
        "symmetric" => LabelNoiseKind.Symmetric,
        "pairwise" => LabelNoiseKind.Pairwise,
        _ => throw new ArgumentException($"label noise '{name}': expected none, symmetric or pairwise", nameof(name)),
    };

    public static string NameOf(LabelNoiseKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// Flips exactly round(rate * n) labels, chosen uniformly at random with <paramref name="seed"/>; every flipped label
    /// differs from its clean value, so the realised noise rate equals the requested one up to rounding.
    /// </summary>
    public static NoisyLabels Apply(byte[] labels, int classes, LabelNoiseKind kind, double rate, int seed)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), $"classes must be at least 2, got {classes}");
        if (rate is < 0 or > 1 || double.IsNaN(rate)) throw new ArgumentOutOfRangeException(nameof(rate), $"rate must be in [0, 1], got {rate}");
        var bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0) throw new ArgumentException($"labels[{bad}] is {labels[bad]}: expected a class in [0, {classes - 1}]", nameof(labels));
        if (kind == LabelNoiseKind.None && rate != 0)
            throw new ArgumentException($"rate is {rate} but the noise kind is none: expected rate 0", nameof(rate));

        var noisy = (byte[])labels.Clone();
        var flips = kind == LabelNoiseKind.None ? 0 : (int)Math.Round(rate * labels.Length, MidpointRounding.AwayFromZero);
        var random = new Random(seed);
        var order = SeededPermutation.Of(labels.Length, random);
        for (var k = 0; k < flips; k++)
        {
            var i = order[k];
            int clean = labels[i];
            noisy[i] = kind == LabelNoiseKind.Pairwise
                ? (byte)((clean + 1) % classes)
                : (byte)((clean + 1 + random.Next(classes - 1)) % classes);
        }
        var transitions = new long[classes, classes];
        for (var i = 0; i < labels.Length; i++) transitions[labels[i], noisy[i]]++;
        return new NoisyLabels(noisy, flips, transitions);
    }
}
