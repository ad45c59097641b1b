using System.Text.Json.Nodes;
using Research.Core.Data.Cache;

namespace Research.Core.Data.Graphs;

/// <summary>
/// The <c>molecules</c> data set (ile.md 4, Data A, the offline stand-in for SMI2Mol): every SMILES and SDF file of
/// Debian's rdkit-data, largest fragment, unique by canonical SMILES, neutral molecules of C, N, O, F only with at
/// most <c>max-atoms</c> heavy atoms (12: 1,057 molecules), split 80/10/10 by a seeded permutation of the molecules
/// sorted by SMILES. The variant folder holds <c>train.jsonl</c>, <c>valid.jsonl</c>, <c>test.jsonl</c> of
/// <see cref="GraphExample"/>s whose input is the canonical SMILES.
/// </summary>
public sealed class MoleculesRecipe : DataSetRecipe
{
    public static readonly string[] Splits = ["train", "valid", "test"];

    public override string Name => "molecules";
    public override string Description => "C/N/O/F molecules from rdkit-data as SMILES -> graph (atom and kekulized bond types), split 80/10/10";
    public override int PreprocessingVersion => 1;
    public override IReadOnlyList<DebianPackage> Packages { get; } = [MoleculeRdkit.RdkitData, MoleculeRdkit.RdkitPackage];

    public override IReadOnlyList<DataOption> Options { get; } =
    [
        new("max-atoms", "12", "largest number of heavy atoms kept (ile.md 4: 9 -> 421, 12 -> 1,057, 15 -> 1,885 molecules)"),
        new("seed", "0", "seed of the train/valid/test permutation"),
    ];

    protected override BuildResult Build(string folder, IReadOnlyDictionary<string, string> options, TextWriter? log)
    {
        var maxAtoms = IntOption(options, "max-atoms", 1, 40);
        var seed = IntOption(options, "seed", 0);
        var output = ExternalCommand.Run(MoleculeRdkit.Python,
            ["-c", MoleculeRdkit.Script, "prepare", "/usr/share/RDKit", maxAtoms.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var root = JsonNode.Parse(output)!.AsObject();
        var molecules = root["molecules"]!.AsArray()
            .Select(m => GraphJsonLines.FromLine(new JsonObject
            {
                ["input"] = m!["smiles"]!.GetValue<string>(),
                ["nodes"] = m["nodes"]!.DeepClone(),
                ["edges"] = m["edges"]!.DeepClone(),
            }.ToJsonString(), "rdkit_molecules.py output"))
            .ToList();
        var splits = Split(molecules, seed);
        var statistics = root["statistics"]!.DeepClone().AsObject();
        foreach (var (split, examples) in splits)
        {
            GraphJsonLines.Write(Path.Combine(folder, $"{split}.jsonl"), examples);
            statistics[split] = examples.Count;
        }
        statistics["mean_atoms"] = Math.Round(molecules.Average(m => m.Graph.NodeCount), 3);
        statistics["mean_bonds"] = Math.Round(molecules.Average(m => m.Graph.Edges.Count), 3);
        log?.WriteLine($"molecules: {molecules.Count} molecules of at most {maxAtoms} heavy atoms");
        return new BuildResult(
            Splits.Select(s => $"{s}.jsonl").ToList(),
            [Packages[0].AsSource("SMILES and SDF files under /usr/share/RDKit"), Packages[1].AsSource("rdkit_molecules.py prepare")],
            statistics);
    }

    /// <summary>80/10/10 of a seeded permutation (the test and valid parts get the rounded-down tenth).</summary>
    public static IReadOnlyDictionary<string, List<GraphExample>> Split(IReadOnlyList<GraphExample> examples, int seed)
    {
        var order = SeededPermutation.Of(examples.Count, seed);
        var tenth = examples.Count / 10;
        return new Dictionary<string, List<GraphExample>>
        {
            ["test"] = order.Take(tenth).Select(i => examples[i]).ToList(),
            ["valid"] = order.Skip(tenth).Take(tenth).Select(i => examples[i]).ToList(),
            ["train"] = order.Skip(2 * tenth).Select(i => examples[i]).ToList(),
        };
    }

    /// <summary>The examples of one split of a prepared variant folder.</summary>
    public static List<GraphExample> Read(string folder, string split) =>
        Splits.Contains(split)
            ? GraphJsonLines.Read(Path.Combine(folder, $"{split}.jsonl"))
            : throw new ArgumentException($"split is '{split}': expected one of {string.Join(", ", Splits)}", nameof(split));
}
