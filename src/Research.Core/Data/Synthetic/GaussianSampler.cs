namespace Research.Core.Data.Synthetic;

/// <summary>Seeded uniform and normal draws for the synthetic tasks (Box-Muller, so the stream depends only on the seed).</summary>
public sealed class GaussianSampler(int seed)
{
    private readonly Random random = new(seed);
    private double? spare;

    public double Uniform(double low, double high) => low + (high - low) * random.NextDouble();

    /// <summary>An integer in [low, high] inclusive.</summary>
    public int Integer(int low, int high) => random.Next(low, high + 1);

    public double Normal(double mean = 0, double std = 1)
    {
        if (spare is { } s)
        {
            spare = null;
            return mean + std * s;
        }
        double u1;
        do u1 = random.NextDouble(); while (u1 <= double.Epsilon);
        var u2 = random.NextDouble();
        var radius = Math.Sqrt(-2 * Math.Log(u1));
        spare = radius * Math.Sin(2 * Math.PI * u2);
        return mean + std * radius * Math.Cos(2 * Math.PI * u2);
    }
}
