namespace Research.Core.Data;

/// <summary>Seeded Fisher-Yates shuffles: the same seed gives the same order on every machine and .NET version.</summary>
public static class SeededPermutation
{
    /// <summary>A permutation of 0..n-1.</summary>
    public static int[] Of(int n, int seed) => Of(n, new Random(seed));

    public static int[] Of(int n, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        Shuffle(order, random);
        return order;
    }

    public static void Shuffle<T>(T[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
