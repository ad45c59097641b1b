namespace Research.Core.Experiments.Tying;

/// <summary>Inan, Khosravi and Socher (2017), Table 1, PTB, small model (200 units): validation / test perplexity.</summary>
public static class PaperNumbers
{
    public sealed record Row(string Variant, double Valid, double Test);

    public static readonly IReadOnlyList<Row> SmallModel =
    [
        new("baseline", 92.6, 87.3),
        new("+AL", 86.3, 82.9),
        new("+RE", 89.9, 85.1),
        new("+REAL", 86.3, 82.7),
    ];
}
