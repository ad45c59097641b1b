using Research.Core.Experiments.Configs;
using Research.Core.Data.Graphs;
using Research.Core.Losses;
using Research.Core.Models.Graphs;

namespace Research.Core.Experiments.Ile;

/// <summary>
/// The JSON configuration of `research train ile`: one run of the ILE experiment (ile.md 4). Every reconstructed
/// choice of the note is a field here. Example:
/// <code>{ "scale": "quick", "data": "synthetic", "embedding": "learned", "seed": 1, "temperature": 0.2, "pgd": true }</code>
/// data: synthetic or molecules; embedding: learned (contrastive ψ) or wl (the fixed Weisfeiler-Lehman kernel);
/// pooling: sum or mean; the five augmentation rates in [0, 1); pgd runs projected-gradient decoding (learned only);
/// direct also trains the direct-prediction baseline and scores it as "direct"; directLoss: matching (the target's
/// nodes matched to the predicted ones, <see cref="GraphMatchingLoss"/>) or canonical (the target's canonical order).
/// </summary>
public sealed record TrainIleConfig(
    [ConfigParsedBy(typeof(IleScale), nameof(IleScale.Named), Allowed = "quick, full")] string Scale = "quick",
    [ConfigChoices("synthetic", "molecules")] string Data = "synthetic",
    [ConfigChoices("learned", "wl")] string Embedding = "learned",
    int Seed = 1,
    [ConfigRange(0, MinExclusive = true)] double Temperature = 0.2,
    bool PositiveInDenominator = true,
    [ConfigChoices("sum", "mean")] string Pooling = "sum",
    [ConfigRange(0, 1, MaxExclusive = true)] double NodeDrop = 0.1,
    [ConfigRange(0, 1, MaxExclusive = true)] double Subgraph = 0.0,
    [ConfigRange(0, 1, MaxExclusive = true)] double EdgePerturb = 0.1,
    [ConfigRange(0, 1, MaxExclusive = true)] double NodeRetype = 0.1,
    [ConfigRange(0, 1, MaxExclusive = true)] double EdgeRetype = 0.1,
    [ConfigRange(0, 10)] int WlIterations = 3,
    [ConfigRange(1, 1 << 16)] int WlDimension = 2048,
    bool WlEdgeLabels = true,
    bool Pgd = true,
    [ConfigRange(0)] int? PgdIterations = null,
    [ConfigRange(0, MinExclusive = true)] double PgdStep = 1.0,
    bool Fallback = true,
    [ConfigRange(1)] int? ContrastiveEpochs = null,
    [ConfigRange(1)] int? RegressionEpochs = null,
    bool Direct = false,
    [ConfigChoices("matching", "canonical")] string DirectLoss = "matching")
{
    /// <summary>Reads and checks a config file (<see cref="ConfigReader"/>): every error names the file, the field and what is allowed.</summary>
    public static TrainIleConfig Read(string path) => ConfigReader.Read<TrainIleConfig>(path);

    /// <summary>Checks a config made in code by the same rules as a file's.</summary>
    public void Validate() => ConfigReader.Validate(this, "the ILE config");

    public NtXentOptions NtXent => new(Temperature, PositiveInDenominator);
    public GraphAugmentationOptions Augmentations => new(NodeDrop, Subgraph, EdgePerturb, NodeRetype, EdgeRetype);
    public GraphPooling GraphPooling => Pooling == "mean" ? GraphPooling.Mean : GraphPooling.Sum;
}
