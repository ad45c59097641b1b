namespace Research.Core.Experiments.Tying;

/// <summary>The model variants of Inan et al. (2017), Table 1, plus RE without the output bias (§4).</summary>
public enum TyingVariant
{
    Baseline,
    AugmentedLoss,
    ReusedEmbeddings,
    ReusedEmbeddingsAugmentedLoss,
    ReusedEmbeddingsNoBias,
}

public static class TyingVariants
{
    public static readonly IReadOnlyList<TyingVariant> TableOne =
        [TyingVariant.Baseline, TyingVariant.AugmentedLoss, TyingVariant.ReusedEmbeddings, TyingVariant.ReusedEmbeddingsAugmentedLoss];

    /// <summary>The paper's names: baseline, +AL, +RE, +REAL.</summary>
    public static string Label(this TyingVariant v) => v switch
    {
        TyingVariant.Baseline => "baseline",
        TyingVariant.AugmentedLoss => "+AL",
        TyingVariant.ReusedEmbeddings => "+RE",
        TyingVariant.ReusedEmbeddingsAugmentedLoss => "+REAL",
        _ => "+RE (no bias)",
    };

    public static bool Tied(this TyingVariant v) => v is not (TyingVariant.Baseline or TyingVariant.AugmentedLoss);

    public static bool UsesAugmentedLoss(this TyingVariant v) => v is TyingVariant.AugmentedLoss or TyingVariant.ReusedEmbeddingsAugmentedLoss;

    public static bool OutputBias(this TyingVariant v) => v != TyingVariant.ReusedEmbeddingsNoBias;

    /// <summary>Parses a label (baseline, AL, +RE, REAL, RE-nobias) or an enum name.</summary>
    public static TyingVariant Parse(string text)
    {
        var key = text.Trim().TrimStart('+').Replace(" ", "").Replace("(", "").Replace(")", "").Replace("-", "").ToLowerInvariant();
        return key switch
        {
            "baseline" => TyingVariant.Baseline,
            "al" or "augmentedloss" => TyingVariant.AugmentedLoss,
            "re" or "reusedembeddings" => TyingVariant.ReusedEmbeddings,
            "real" or "reusedembeddingsaugmentedloss" => TyingVariant.ReusedEmbeddingsAugmentedLoss,
            "renobias" or "reusedembeddingsnobias" => TyingVariant.ReusedEmbeddingsNoBias,
            _ => throw new ArgumentException($"unknown variant '{text}': expected baseline, AL, RE, REAL or RE-nobias"),
        };
    }
}
