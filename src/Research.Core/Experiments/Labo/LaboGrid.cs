namespace Research.Core.Experiments.Labo;

/// <summary>A run of the image grid with the spec it ran: what the grid's choice reads.</summary>
public sealed record LaboRun(LaboRunSpec Spec, LaboRunResult Result);

/// <summary>
/// The runs of the LABO-R image experiment at a scale, in the order notebook 03 and `research sweep labo` run them.
/// Two stages, so that the issue's grid (every α, T and r, at every noise rate) fits the budget: (1) tuning, every
/// setting of every family at every noise rate on the tuning seed; (2) each family's setting chosen on that seed's
/// validation top-1, per noise rate, on the other seeds. One definition, so the sweep fills the run store with exactly
/// the runs the notebook asks for.
/// </summary>
public static class LaboGrid
{
    /// <summary>The families a setting is chosen within: ce, ls, tf-kd-reg, labo-r (fixed T), labo-r-budget.</summary>
    public static string Family(LaboMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.Name;
    }

    /// <summary>Every setting of the scale: CE; per α, LS, TF-KD_reg, LABO-R at each T and the budget form at each r.</summary>
    public static IReadOnlyList<LaboMethod> Methods(LaboScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return [LaboMethod.Ce, .. from alpha in scale.Alphas
                                 from m in new[] { LaboMethod.Ls(alpha), LaboMethod.TfKdReg(alpha) }
                                     .Concat(scale.Temperatures.Select(t => LaboMethod.LaboR(alpha, t)))
                                     .Concat(scale.EntropyRatios.Select(r => LaboMethod.LaboRBudget(alpha, r)))
                                 select m];
    }

    /// <summary>Stage 1: every setting at every noise rate on the tuning seed.</summary>
    public static IReadOnlyList<LaboRunSpec> Tuning(LaboScale scale, int seed, int? epochs = null, string dataSet = "fashion-mnist", string? dataFolder = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return [.. from noise in scale.NoiseRates
                   from method in Methods(scale)
                   select LaboRunSpec.Of(scale, noise, method, seed, epochs, dataSet, dataFolder)];
    }

    /// <summary>Per noise rate and family, the setting with the best validation top-1 on the tuning runs (the first in
    /// <see cref="Methods"/> order on a tie).</summary>
    public static IReadOnlyDictionary<(double Noise, string Family), LaboMethod> Choose(IEnumerable<LaboRun> tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        var runs = tuning.ToList();
        if (runs.Count == 0) throw new ArgumentException("no tuning runs to choose settings from", nameof(tuning));
        if (runs.Select(r => r.Spec.Seed).Distinct().Count() > 1)
            throw new ArgumentException($"tuning runs come from seeds {string.Join(", ", runs.Select(r => r.Spec.Seed).Distinct())}: expected one tuning seed", nameof(tuning));
        return runs.GroupBy(r => (r.Spec.Noise, Family(r.Spec.Method)))
            .ToDictionary(g => g.Key, g => g.Aggregate((best, r) => r.Result.Valid.Top1 > best.Result.Valid.Top1 ? r : best).Spec.Method);
    }

    /// <summary>Stage 2: each chosen setting on every seed but the tuning one (whose run stage 1 already made).</summary>
    public static IReadOnlyList<LaboRunSpec> Seeds(LaboScale scale, IReadOnlyDictionary<(double Noise, string Family), LaboMethod> chosen,
        IReadOnlyList<int> seeds, int? epochs = null, string dataSet = "fashion-mnist", string? dataFolder = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0) throw new ArgumentException("no seeds given", nameof(seeds));
        var families = Methods(scale).Select(Family).Distinct().ToList();
        return [.. from noise in scale.NoiseRates
                   from seed in seeds.Skip(1)
                   from family in families
                   select LaboRunSpec.Of(scale, noise, Chosen(noise, family), seed, epochs, dataSet, dataFolder)];

        LaboMethod Chosen(double noise, string family) => chosen.TryGetValue((noise, family), out var m) ? m
            : throw new ArgumentException($"no setting chosen for {family} at noise {noise}: run and choose on the tuning stage first", nameof(chosen));
    }
}
