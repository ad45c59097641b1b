using Research.Core.Experiments.Configs;

namespace Research.Core.Experiments.Labo;

/// <summary>
/// The JSON configuration of `research train labo-mt`: one run of LABO-R's translation experiment. Example:
/// <code>{ "scale": "quick", "method": "labo-r", "alpha": 0.1, "temperature": 2, "seed": 1, "noise": 0.1 }</code>
/// Methods: ce, ls (fairseq's ε/(K−1)), labo-r (temperature), labo-r-budget (entropyRatio). noise is the share of
/// training pairs given another pair's target (0-0.2). data: mt (the Bible corpus, `research data prepare mt`) or
/// word-mapping (a generated toy language, no download; the "toy" scale is sized for it). epochs and trainPairs override
/// the scale's.
/// </summary>
public sealed record TrainLaboMtConfig(
    [ConfigParsedBy(typeof(TranslationScale), nameof(TranslationScale.Named), Allowed = "quick, full, toy")] string Scale = "quick",
    [ConfigChoices("mt", "word-mapping")] string Data = "mt",
    [ConfigChoices("ce", "ls", "labo-r", "labo-r-budget")] string Method = "ce",
    [ConfigRange(0, 1)] double Alpha = 0,
    [ConfigRange(0, MinExclusive = true)] double? Temperature = null,
    [ConfigRange(0, 1, MinExclusive = true, MaxExclusive = true)] double? EntropyRatio = null,
    [ConfigRange(0, 0.2)] double Noise = 0,
    int Seed = 1,
    [ConfigRange(1)] int? Epochs = null,
    [ConfigRange(0)] int? TrainPairs = null,
    string Checkpoints = "runs/checkpoints") : IConfigChecks
{
    public static TrainLaboMtConfig Read(string path) => ConfigReader.Read<TrainLaboMtConfig>(path);

    public IEnumerable<(string Field, string Problem)> Problems()
    {
        foreach (var problem in LaboMethod.ConfigProblems(Method, Alpha, Temperature, EntropyRatio)) yield return problem;
    }

    /// <summary>The config of one run of a grid (what `research sweep labo-mt` hands a child process): the scale by name,
    /// with the spec's epochs and training pairs.</summary>
    public static TrainLaboMtConfig Of(string scale, TranslationRunSpec spec, string checkpoints)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var m = spec.Method;
        return new TrainLaboMtConfig(scale, spec.Data, m.Name, m.Alpha, double.IsNaN(m.Temperature) ? null : m.Temperature,
            double.IsNaN(m.EntropyRatio) ? null : m.EntropyRatio, spec.Noise, spec.Seed, spec.Scale.Epochs, spec.Scale.TrainPairs, checkpoints);
    }

    public TranslationRunSpec Spec()
    {
        var scale = TranslationScale.Named(Scale);
        if (Epochs is { } e) scale = scale with { Epochs = e };
        if (TrainPairs is { } p) scale = scale with { TrainPairs = p };
        var method = new LaboMethod(Method, Alpha, Temperature ?? double.NaN, EntropyRatio ?? double.NaN).Validated();
        return new TranslationRunSpec(scale, Data, method, Noise, Seed);
    }
}
