namespace Research.Core.Experiments.Labo;

/// <summary>A translation run with the spec it ran: what the grid's choice reads.</summary>
public sealed record TranslationRun(TranslationRunSpec Spec, TranslationRunResult Result);

/// <summary>
/// The runs of LABO-R's translation experiment, in the order notebook 03 and `research sweep labo-mt` run them:
/// (1) on the tuning seed, CE, LS and LABO-R at each temperature; (2) LABO-R's temperature chosen on validation BLEU;
/// CE, LS and LABO-R at that temperature on the other seeds; (3) the noisy-target variant (labo.md §4.5 (i)): LS and the
/// chosen LABO-R on every seed with a share of the training pairs given another pair's target. α is fairseq's LS 0.1
/// throughout (labo.md's starting point for MT).
/// </summary>
public static class TranslationGrid
{
    public const double Alpha = 0.1;

    /// <summary>LABO-R's temperatures: the note's T = 2 and T = 10, near its LS limit (every T sweep includes a large T).</summary>
    public static IReadOnlyList<double> Temperatures { get; } = [2, 10];

    /// <summary>The noisy-target variant's share of misaligned training pairs (the note's 10–20%).</summary>
    public const double MisalignedShare = 0.2;

    /// <summary>Stage 1: CE, LS and LABO-R at each temperature on the tuning seed, clean targets.</summary>
    public static IReadOnlyList<TranslationRunSpec> Tuning(TranslationScale scale, string data, int seed)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return [.. new[] { LaboMethod.Ce, LaboMethod.Ls(Alpha) }.Concat(Temperatures.Select(t => LaboMethod.LaboR(Alpha, t)))
            .Select(m => new TranslationRunSpec(scale, data, m, 0, seed))];
    }

    /// <summary>LABO-R's temperature with the best validation BLEU on the tuning runs (the first on a tie).</summary>
    public static double ChooseTemperature(IEnumerable<TranslationRun> tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        var laboR = tuning.Where(r => r.Spec.Method.Name == "labo-r").ToList();
        if (laboR.Count == 0) throw new ArgumentException("no LABO-R tuning runs to choose a temperature from", nameof(tuning));
        return laboR.Aggregate((best, r) => r.Result.ValidBleu > best.Result.ValidBleu ? r : best).Spec.Method.Temperature;
    }

    /// <summary>The three compared methods at the chosen temperature.</summary>
    public static IReadOnlyList<LaboMethod> Compared(double temperature) => [LaboMethod.Ce, LaboMethod.Ls(Alpha), LaboMethod.LaboR(Alpha, temperature)];

    /// <summary>Stage 2: CE, LS and the chosen LABO-R on every seed but the tuning one.</summary>
    public static IReadOnlyList<TranslationRunSpec> Seeds(TranslationScale scale, string data, IReadOnlyList<int> seeds, double temperature)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0) throw new ArgumentException("no seeds given", nameof(seeds));
        return [.. from seed in seeds.Skip(1) from m in Compared(temperature) select new TranslationRunSpec(scale, data, m, 0, seed)];
    }

    /// <summary>Stage 3: LS and the chosen LABO-R on every seed with <see cref="MisalignedShare"/> of the training targets misaligned.</summary>
    public static IReadOnlyList<TranslationRunSpec> Noisy(TranslationScale scale, string data, IReadOnlyList<int> seeds, double temperature)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(seeds);
        return [.. from seed in seeds
                   from m in new[] { LaboMethod.Ls(Alpha), LaboMethod.LaboR(Alpha, temperature) }
                   select new TranslationRunSpec(scale, data, m, MisalignedShare, seed)];
    }
}
