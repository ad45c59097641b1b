namespace Research.Core.Losses;

/// <summary>Which distribution the distance term compares with the target (dist2loss.md §1, "what p̃ is").</summary>
public enum Dist2Variant
{
    /// <summary>(A) p̃ = softmax(z[V_d]), renormalised inside the sub-vocabulary: the authors' code and two other code bases.</summary>
    Restricted,

    /// <summary>(B) p̃ = softmax(z) read on V_d without renormalising: the paper's literal p_θ(v | s&lt;t).</summary>
    FullVocabulary,
}

/// <summary>The target of the distance term: DIST2's own, or one of its controls.</summary>
public enum Dist2Target
{
    /// <summary>q(v) ∝ exp(−d(v, y)/τ) over V_d: DIST2.</summary>
    Distance,

    /// <summary>Uniform over V_d. With <see cref="Dist2Variant.FullVocabulary"/> the loss is label smoothing over V_d with
    /// off-target mass α/(1+α) (the "− distance-aware target" ablation).</summary>
    Uniform,

    /// <summary>One-hot at y: with <see cref="Dist2Variant.Restricted"/>, CE over the softmax restricted to V_d (the "vocab baseline").</summary>
    OneHot,
}

/// <summary>
/// Hyper-parameters of DIST2 (Chung et al., ICLR 2026): L = CE + α·Σ_t w_t KL(q_t ‖ p̃_t) / Σ_t w_t.
/// Labels equal to <see cref="IgnoreIndex"/> get neither term; place-value weights w_t count the position from the
/// right inside a run of consecutive metric labels (units 1, tens 2, …), otherwise w_t = 1.
/// </summary>
public sealed record Dist2Options
{
    public Dist2Options(double alpha, double tau, Dist2Variant variant = Dist2Variant.Restricted, bool placeValueWeights = false,
        Dist2Target target = Dist2Target.Distance, long ignoreIndex = -100)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), $"Dist2Loss: alpha must be finite and >= 0, got {alpha}");
        if (!(tau > 0) || double.IsInfinity(tau)) throw new ArgumentOutOfRangeException(nameof(tau), $"Dist2Loss: tau must be finite and > 0, got {tau}");
        Alpha = alpha;
        Tau = tau;
        Variant = variant;
        PlaceValueWeights = placeValueWeights;
        Target = target;
        IgnoreIndex = ignoreIndex;
    }

    public double Alpha { get; init; }
    public double Tau { get; init; }
    public Dist2Variant Variant { get; init; }
    public bool PlaceValueWeights { get; init; }
    public Dist2Target Target { get; init; }
    public long IgnoreIndex { get; init; }
}

/// <summary>The two settings in use, which disagree (dist2loss.md §1, "Hyper-parameters").</summary>
public static class Dist2Presets
{
    /// <summary>The paper's text: α = 0.1, τ = 1 with d = Δ².</summary>
    public static Dist2Options Paper => new(alpha: 0.1, tau: 1);

    /// <summary>The authors' training scripts: β = 1, τ = 2 (a unit-variance Gaussian with d = Δ²).</summary>
    public static Dist2Options AuthorCode => new(alpha: 1, tau: 2);

    public static IReadOnlyList<string> Names { get; } = ["paper", "author-code"];

    public static Dist2Options Named(string name) => name switch
    {
        "paper" => Paper,
        "author-code" => AuthorCode,
        _ => throw new ArgumentException($"Dist2Presets: unknown preset '{name}': expected one of {string.Join(", ", Names)}", nameof(name)),
    };
}
