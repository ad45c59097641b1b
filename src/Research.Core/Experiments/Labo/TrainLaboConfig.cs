using Research.Core.Experiments.Configs;

namespace Research.Core.Experiments.Labo;

/// <summary>
/// The JSON configuration of `research train labo`: one run of the LABO-R image experiment. Example:
/// <code>{ "scale": "quick", "dataSet": "fashion-mnist", "noise": 0.4, "method": "labo-r", "alpha": 0.3, "temperature": 10, "seed": 1 }</code>
/// Methods: ce, ls (fairseq ε/(K−1), the default convention), ls-pytorch (ε/K), tf-kd-reg, labo-r (temperature),
/// labo-r-budget (entropyRatio). CIFAR needs dataFolder (an unpacked binary folder, `research data prepare cifar10 --from DIR`).
/// epochs, subset, validation and width override the scale's.
/// </summary>
public sealed record TrainLaboConfig(
    [ConfigParsedBy(typeof(LaboScale), nameof(LaboScale.Named), Allowed = "toy, quick, full")] string Scale = "quick",
    [ConfigChoices("fashion-mnist", "cifar10", "cifar100")] string DataSet = "fashion-mnist",
    string? DataFolder = null,
    [ConfigRange(0, 1, MaxExclusive = true)] double Noise = 0,
    [ConfigChoices("ce", "ls", "ls-pytorch", "tf-kd-reg", "labo-r", "labo-r-budget")] string Method = "ce",
    [ConfigRange(0, 1)] double Alpha = 0,
    [ConfigRange(0, MinExclusive = true)] double? Temperature = null,
    [ConfigRange(0, 1, MinExclusive = true, MaxExclusive = true)] double? EntropyRatio = null,
    int Seed = 1,
    [ConfigRange(1)] int? Epochs = null,
    [ConfigRange(0)] int? Subset = null,
    [ConfigRange(1)] int? Validation = null,
    [ConfigRange(1)] int? Width = null,
    string Checkpoints = "runs/checkpoints") : IConfigChecks
{
    /// <summary>Reads and checks a config file (<see cref="ConfigReader"/>): every error names the file, the field and what is allowed.</summary>
    public static TrainLaboConfig Read(string path) => ConfigReader.Read<TrainLaboConfig>(path);

    public IEnumerable<(string Field, string Problem)> Problems()
    {
        if (DataSet != "fashion-mnist" && DataFolder is null) yield return ("dataFolder", $"is missing; allowed: required for dataSet {DataSet} (an unpacked CIFAR binary folder)");
        foreach (var problem in LaboMethod.ConfigProblems(Method, Alpha, Temperature, EntropyRatio)) yield return problem;
    }

    /// <summary>The config of one run of a named scale's grid (what `research sweep labo` hands a child process).</summary>
    public static TrainLaboConfig Of(string scale, LaboRunSpec spec, string checkpoints)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var m = spec.Method;
        return new TrainLaboConfig(scale, spec.DataSet, spec.DataFolder, spec.Noise, m.Name, m.Alpha,
            double.IsNaN(m.Temperature) ? null : m.Temperature, double.IsNaN(m.EntropyRatio) ? null : m.EntropyRatio, spec.Seed,
            spec.Epochs, spec.Subset, spec.Validation, spec.Width, checkpoints);
    }

    /// <summary>The run this config describes.</summary>
    public LaboRunSpec Spec()
    {
        var scale = LaboScale.Named(Scale);
        var method = new LaboMethod(Method, Alpha, Temperature ?? double.NaN, EntropyRatio ?? double.NaN).Validated();
        return new LaboRunSpec(scale, DataSet, DataFolder, Noise, method, Seed, Epochs ?? scale.Epochs, Subset ?? scale.Subset,
            Validation ?? scale.Validation, Width ?? scale.Width);
    }
}
