using Research.Core.Data.Cache;

namespace Research.Core.Data.Graphs;

/// <summary>
/// Molecules as labelled graphs (ile.md 2 and 4, Data A): atoms C, N, O, F as node labels 0..3 and kekulized bonds
/// single, double, triple as edge labels 0..2, hydrogens implicit. RDKit itself runs in Debian's python3-rdkit
/// under /usr/bin/python3 (the script <c>rdkit_molecules.py</c> embedded in this assembly).
/// </summary>
public static class MoleculeRdkit
{
    public const string Python = "/usr/bin/python3";
    public static readonly IReadOnlyList<string> AtomTypes = ["C", "N", "O", "F"];
    public static readonly IReadOnlyList<string> BondTypes = ["single", "double", "triple"];

    public static readonly DebianPackage RdkitPackage = new("python3-rdkit", "/usr/lib/python3/dist-packages/rdkit/__init__.py");
    public static readonly DebianPackage RdkitData = new("rdkit-data", "/usr/share/RDKit/Data/NCI/first_5K.smi");

    public static string Script { get; } = ReadScript();

    /// <summary>RDKit's canonical (non-isomeric) SMILES of each graph; "" where RDKit rejects the graph (e.g. a valence).</summary>
    public static IReadOnlyList<string> CanonicalSmiles(IReadOnlyList<LabeledGraph> graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        if (graphs.Count == 0) return [];
        var input = string.Join('\n', graphs.Select(g => GraphJsonLines.ToLine(new GraphExample("", g)))) + "\n";
        var lines = ExternalCommand.Run(Python, ["-c", Script, "smiles"], stdin: input).Split('\n');
        if (lines.Length < graphs.Count)
            throw new InvalidOperationException($"rdkit_molecules.py smiles printed {lines.Length} lines for {graphs.Count} graphs");
        return lines.Take(graphs.Count).ToArray();
    }

    /// <summary>The graph of each SMILES in that SMILES's own atom order; null where RDKit rejects it or it holds other elements.</summary>
    public static IReadOnlyList<LabeledGraph?> Graphs(IReadOnlyList<string> smiles)
    {
        ArgumentNullException.ThrowIfNull(smiles);
        if (smiles.Count == 0) return [];
        var lines = ExternalCommand.Run(Python, ["-c", Script, "graphs"], stdin: string.Join('\n', smiles) + "\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != smiles.Count)
            throw new InvalidOperationException($"rdkit_molecules.py graphs printed {lines.Length} lines for {smiles.Count} SMILES");
        return lines.Select(l => l.Trim() == "{}" ? null : GraphJsonLines.FromLine(l.Insert(1, "\"input\": \"\", "), "rdkit_molecules.py graphs").Graph).ToArray();
    }

    /// <summary>
    /// An SVG grid of RDKit depictions of the graphs, <paramref name="perRow"/> a row of 220×180 panels, each with its
    /// legend (drawn as paths); an empty panel where RDKit rejects the graph. Without the XML declaration, so it can
    /// be inlined in HTML.
    /// </summary>
    public static string GridSvg(IReadOnlyList<LabeledGraph> graphs, IReadOnlyList<string> legends, int perRow)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        ArgumentNullException.ThrowIfNull(legends);
        if (graphs.Count == 0 || legends.Count != graphs.Count)
            throw new ArgumentException($"graphs has {graphs.Count} items and legends {legends.Count}: expected as many, at least one", nameof(legends));
        ArgumentOutOfRangeException.ThrowIfLessThan(perRow, 1);
        var input = string.Join('\n', graphs.Select((g, i) =>
        {
            var line = System.Text.Json.Nodes.JsonNode.Parse(GraphJsonLines.ToLine(new GraphExample("", g)))!.AsObject();
            line.Remove("input");
            line["legend"] = legends[i];
            return line.ToJsonString();
        })) + "\n";
        var svg = ExternalCommand.Run(Python, ["-c", Script, "draw", perRow.ToString(System.Globalization.CultureInfo.InvariantCulture)], stdin: input);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start >= 0 ? svg[start..].Trim() : throw new InvalidOperationException("rdkit_molecules.py draw printed no <svg> element");
    }

    private static string ReadScript()
    {
        using var stream = typeof(MoleculeRdkit).Assembly.GetManifestResourceStream("Research.Core.Data.Graphs.rdkit_molecules.py")
            ?? throw new InvalidOperationException("the embedded resource rdkit_molecules.py is missing from Research.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
