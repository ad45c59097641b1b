using Research.Core.Data.Cache;
using Research.Core.Data.Graphs;

namespace Research.Core.Experiments.Ile;

/// <summary>
/// A text → graph data set for an ILE run: the synthetic set (ile.md 4, Data C) or the molecules from rdkit-data
/// (Data A), with its label alphabets, node slots (the largest graph) and input length (the longest text + &lt;cls&gt;).
/// </summary>
public sealed record IleData(string Name, IReadOnlyList<GraphExample> Train, IReadOnlyList<GraphExample> Valid, IReadOnlyList<GraphExample> Test, int NodeTypes, int EdgeTypes)
{
    public int Slots => Train.Concat(Valid).Concat(Test).Max(e => e.Graph.NodeCount);
    public int MaxLength => Train.Concat(Valid).Concat(Test).Max(e => e.Input.Length) + 1;

    public static readonly SyntheticGraphOptions SyntheticOptions = new(MinNodes: 3, MaxNodes: 8);

    /// <summary>Synthetic splits drawn with seeds 1, 2, 3 (fixed: every run sees the same data).</summary>
    public static IleData Synthetic(int train, int valid, int test) => new(
        "synthetic",
        SyntheticGraphText.Generate(train, 1, SyntheticOptions),
        SyntheticGraphText.Generate(valid, 2, SyntheticOptions),
        SyntheticGraphText.Generate(test, 3, SyntheticOptions),
        SyntheticOptions.NodeTypes, SyntheticOptions.EdgeTypes);

    /// <summary>The prepared molecules data set (built on first use from rdkit-data).</summary>
    public static IleData Molecules(DataCache? cache = null, TextWriter? log = null)
    {
        var prepared = new MoleculesRecipe().Prepare(cache ?? DataCache.Resolve(), settings: new PrepareSettings(Log: log));
        return new IleData("molecules",
            MoleculesRecipe.Read(prepared.Folder, "train"), MoleculesRecipe.Read(prepared.Folder, "valid"), MoleculesRecipe.Read(prepared.Folder, "test"),
            MoleculeRdkit.AtomTypes.Count, MoleculeRdkit.BondTypes.Count);
    }

    public static IleData Named(string name, IleScale scale) => name switch
    {
        "synthetic" => Synthetic(scale.SyntheticTrain, scale.SyntheticValid, scale.SyntheticTest),
        "molecules" => Molecules(),
        _ => throw new ArgumentException($"data is '{name}': expected synthetic or molecules", nameof(name)),
    };
}
