using System.Text.Json;
using System.Text.Json.Serialization;
using Research.Core.Losses;

namespace Research.Core.Experiments.Guidance;

/// <summary>
/// The JSON configuration of `research train guidance`: one run of E1. Example:
/// <code>{ "scale": "quick", "arm": "untrained", "data": "translated", "seed": 1, "epochs": 6, "alpha": 1, "estimator": "biased", "cacheGuide": false }</code>
/// Scale names a <see cref="GuidanceScale"/> (quick or full); epochs and learningRate override it.
/// </summary>
public sealed record TrainGuidanceConfig(
    string Scale = "quick",
    string Arm = "untrained",
    string Data = "plain",
    int Seed = 1,
    int? Epochs = null,
    double? LearningRate = null,
    double Alpha = 1.0,
    string Estimator = "biased",
    bool CacheGuide = false)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static TrainGuidanceConfig Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file {path} does not exist", path);
        TrainGuidanceConfig config;
        try
        {
            config = JsonSerializer.Deserialize<TrainGuidanceConfig>(File.ReadAllText(path), Options)
                     ?? throw new InvalidDataException($"{path}: the config is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        try
        {
            if (config.Scale is null || config.Arm is null || config.Data is null || config.Estimator is null)
                throw new ArgumentException("scale, arm, data and estimator must not be null");
            GuidanceScale.Named(config.Scale);
            config.Spec();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        return config;
    }

    /// <summary>The run this config describes (validates every field; messages name the field and the allowed values).</summary>
    public GuidanceRunSpec Spec()
    {
        if (Epochs is <= 0) throw new ArgumentException($"epochs must be positive, got {Epochs}");
        if (LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr))) throw new ArgumentException($"learningRate must be > 0, got {lr}");
        if (!(Alpha >= 0 && double.IsFinite(Alpha))) throw new ArgumentException($"alpha must be finite and >= 0, got {Alpha}");
        var translated = Data switch
        {
            "plain" => false,
            "translated" => true,
            _ => throw new ArgumentException($"data must be plain or translated, got '{Data}'"),
        };
        var estimator = Estimator switch
        {
            "biased" => CkaEstimator.Biased,
            "unbiased" => CkaEstimator.Unbiased,
            _ => throw new ArgumentException($"estimator must be biased or unbiased, got '{Estimator}'"),
        };
        return new GuidanceRunSpec(GuidanceArms.Parse(Arm), translated, Seed, Epochs, LearningRate, Alpha, estimator, CacheGuide);
    }
}
