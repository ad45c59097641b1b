using Research.Core.Losses;

namespace Research.Core.Experiments.Dist2;

/// <summary>The conditions of the DIST2 experiments (issue 11, Task A): CE, the method, and its controls.</summary>
public enum Dist2Condition
{
    /// <summary>Plain next-token cross entropy (α = 0).</summary>
    CrossEntropy,

    /// <summary>Uniform label smoothing over the number tokens with the same off-target mass α/(1+α).</summary>
    LabelSmoothing,

    /// <summary>DIST2, variant A (restricted softmax).</summary>
    Dist2,

    /// <summary>DIST2 with place-value weights on runs of digit tokens.</summary>
    Dist2PlaceValue,

    /// <summary>DIST2 against a random metric: the number values permuted.</summary>
    RandomMetric,

    /// <summary>CE plus α·CE over the softmax restricted to the number tokens (one-hot target).</summary>
    VocabBaseline,
}

public static class Dist2Conditions
{
    public static IReadOnlyList<string> Names { get; } = ["ce", "ls", "dist2", "dist2-pv", "random", "vocab"];

    public static string Label(this Dist2Condition c) => Names[(int)c];

    public static Dist2Condition Parse(string name)
    {
        var i = Names.ToList().IndexOf(name);
        return i >= 0 ? (Dist2Condition)i : throw new ArgumentException($"unknown condition '{name}': expected one of {string.Join(", ", Names)}");
    }

    /// <summary>The loss options of a condition at (α, τ).</summary>
    public static Dist2Options Options(this Dist2Condition c, double alpha, double tau) => c switch
    {
        Dist2Condition.CrossEntropy => new Dist2Options(0, tau),
        Dist2Condition.LabelSmoothing => new Dist2Options(alpha, tau, Dist2Variant.FullVocabulary, target: Dist2Target.Uniform),
        Dist2Condition.Dist2PlaceValue => new Dist2Options(alpha, tau, placeValueWeights: true),
        Dist2Condition.VocabBaseline => new Dist2Options(alpha, tau, target: Dist2Target.OneHot),
        _ => new Dist2Options(alpha, tau),
    };
}
