using System.Text.Json;
using System.Text.Json.Serialization;

namespace Research.Core.Experiments.Labo;

/// <summary>
/// The JSON configuration of `research train labo`: one run of the LABO-R image experiment. Example:
/// <code>{ "scale": "quick", "dataSet": "fashion-mnist", "noise": 0.4, "method": "labo-r", "alpha": 0.3, "temperature": 10, "seed": 1 }</code>
/// Methods: ce, ls (fairseq ε/(K−1), the default convention), ls-pytorch (ε/K), tf-kd-reg, labo-r (temperature),
/// labo-r-budget (entropyRatio). CIFAR needs dataFolder (an unpacked binary folder, `research data prepare cifar10 --from DIR`).
/// epochs, subset, validation and width override the scale's.
/// </summary>
public sealed record TrainLaboConfig(
    string Scale = "quick",
    string DataSet = "fashion-mnist",
    string? DataFolder = null,
    double Noise = 0,
    string Method = "ce",
    double Alpha = 0,
    double? Temperature = null,
    double? EntropyRatio = null,
    int Seed = 1,
    int? Epochs = null,
    int? Subset = null,
    int? Validation = null,
    int? Width = null,
    string Checkpoints = "runs/checkpoints")
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>Reads and checks a config file; every error names the file, the field and what is allowed.</summary>
    public static TrainLaboConfig Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file {path} does not exist", path);
        TrainLaboConfig config;
        try
        {
            config = JsonSerializer.Deserialize<TrainLaboConfig>(File.ReadAllText(path), Options)
                     ?? throw new InvalidDataException($"{path}: the config is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        try
        {
            config.Spec();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        return config;
    }

    /// <summary>The run this config describes; throws naming the field and the allowed values.</summary>
    public LaboRunSpec Spec()
    {
        var scale = LaboScale.Named(Scale);
        if (!LaboData.DataSets.Contains(DataSet)) throw new ArgumentException($"dataSet '{DataSet}': expected one of {string.Join(", ", LaboData.DataSets)}");
        if (DataSet != "fashion-mnist" && DataFolder is null) throw new ArgumentException($"dataFolder: required for dataSet {DataSet} (an unpacked CIFAR binary folder)");
        if (!(Noise is >= 0 and < 1)) throw new ArgumentException($"noise must be in [0, 1), got {Noise}");
        if (Epochs is <= 0) throw new ArgumentException($"epochs must be positive, got {Epochs}");
        if (Subset is < 0) throw new ArgumentException($"subset must be >= 0 (0: all), got {Subset}");
        if (Validation is <= 0) throw new ArgumentException($"validation must be positive, got {Validation}");
        if (Width is <= 0) throw new ArgumentException($"width must be positive, got {Width}");
        if (Method != "labo-r" && Temperature is not null) throw new ArgumentException($"temperature is set but method is {Method}: temperature belongs to labo-r");
        if (Method != "labo-r-budget" && EntropyRatio is not null) throw new ArgumentException($"entropyRatio is set but method is {Method}: entropyRatio belongs to labo-r-budget");
        if (Method == "ce" && Alpha != 0) throw new ArgumentException($"alpha is {Alpha} but method is ce: expected alpha 0 or another method");
        var method = new LaboMethod(Method, Alpha, Temperature ?? double.NaN, EntropyRatio ?? double.NaN).Validated();
        return new LaboRunSpec(scale, DataSet, DataFolder, Noise, method, Seed, Epochs ?? scale.Epochs, Subset ?? scale.Subset,
            Validation ?? scale.Validation, Width ?? scale.Width);
    }
}
