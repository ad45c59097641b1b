using Research.Core.Data;
using Research.Core.Data.Cache;
using Research.Core.Data.Graphs;
using Research.Core.Tests.Data;

namespace Research.Core.Tests.Ile;

/// <summary>
/// The molecules data set against Debian's python3-rdkit (installed by ./kit setup from setup/apt/ile.txt): a missing
/// RDKit fails these tests with the package to install rather than skipping them.
/// </summary>
public sealed class MoleculesTests
{
    private static void RequireRdkit()
    {
        foreach (var package in new[] { MoleculeRdkit.RdkitPackage, MoleculeRdkit.RdkitData })
            Assert.True(package.IsPresent, $"these tests need the Debian package {package.Name} ({package.ProbePath}); run ./kit setup");
    }

    [Fact]
    public void Recipe_builds_1057_molecules_whose_graphs_round_trip_to_canonical_smiles()
    {
        RequireRdkit();
        using var folder = new TempFolder();
        var prepared = DataSetCatalog.Find("molecules").Prepare(new DataCache(folder.Path), settings: new PrepareSettings(Install: false));
        var splits = MoleculesRecipe.Splits.ToDictionary(s => s, s => MoleculesRecipe.Read(prepared.Folder, s));
        // ile.md 4 measured 16,810 unique molecules and 1,057 C/N/O/F ones of at most 12 heavy atoms.
        Assert.Equal(16810, prepared.Manifest.Statistics["unique"]!.GetValue<int>());
        Assert.Equal(1057, splits.Values.Sum(s => s.Count));
        Assert.Equal((847, 105, 105), (splits["train"].Count, splits["valid"].Count, splits["test"].Count));
        var all = splits.Values.SelectMany(s => s).ToList();
        Assert.Equal(all.Count, all.Select(e => e.Input).Distinct().Count());
        Assert.All(all, e => Assert.InRange(e.Graph.NodeCount, 2, 12));
        Assert.All(all, e => Assert.All(e.Graph.Edges, b => Assert.InRange(b.Label, 0, 2)));
        Assert.Equal(all.Select(e => e.Input), MoleculeRdkit.CanonicalSmiles(all.Select(e => e.Graph).ToList()));
        Assert.Equal(all.Count, all.Select(e => GraphCanonicalForm.Key(e.Graph)).Distinct().Count());
    }

    [Fact]
    public void Two_smiles_of_one_molecule_give_isomorphic_graphs()
    {
        RequireRdkit();
        string[] smiles = ["OCC(=O)N", "NC(=O)CO", "c1ccccc1O", "Oc1ccccc1", "C1=CC=C(C=C1)O", "FC(F)(F)C#N", "N#CC(F)(F)F", "CCOC", "COCC", "CC(C)O"];
        var graphs = MoleculeRdkit.Graphs(smiles);
        Assert.All(graphs, g => Assert.NotNull(g));
        Assert.NotEqual(graphs[0], graphs[1]);   // different atom orders...
        Assert.True(GraphCanonicalForm.AreIsomorphic(graphs[0]!, graphs[1]!));   // ...one molecule
        Assert.True(GraphCanonicalForm.AreIsomorphic(graphs[2]!, graphs[3]!));
        Assert.True(GraphCanonicalForm.AreIsomorphic(graphs[3]!, graphs[4]!));
        Assert.True(GraphCanonicalForm.AreIsomorphic(graphs[5]!, graphs[6]!));
        Assert.True(GraphCanonicalForm.AreIsomorphic(graphs[7]!, graphs[8]!));
        Assert.False(GraphCanonicalForm.AreIsomorphic(graphs[8]!, graphs[9]!));   // methyl ethyl ether vs isopropanol
        Assert.Equal(GraphTests.G([2, 0, 0, 2, 1], (0, 1, 0), (1, 2, 0), (2, 3, 1), (2, 4, 0)), graphs[0]);   // O-C-C(=O)-N
        Assert.Null(MoleculeRdkit.Graphs(["CCS"])[0]);
        var canonical = MoleculeRdkit.CanonicalSmiles(graphs.Select(g => g!).ToList());
        Assert.Equal(canonical[0], canonical[1]);
        Assert.Equal("Oc1ccccc1", canonical[2]);
        Assert.Equal("", MoleculeRdkit.CanonicalSmiles([GraphTests.G([3, 3], (0, 1, 2))])[0]);   // F#F breaks valence
    }

    [Fact]
    public void Draws_a_grid_of_molecules_with_legends()
    {
        RequireRdkit();
        var graphs = MoleculeRdkit.Graphs(["c1ccccc1O", "CC(=O)N"]).Select(g => g!).ToList();
        var svg = MoleculeRdkit.GridSvg([.. graphs, GraphTests.G([3, 3], (0, 1, 2))], ["phenol", "acetamide", "F#F"], perRow: 3);
        Assert.StartsWith("<svg", svg);
        Assert.Contains("width='660px' height='180px'", svg);   // three 220 x 180 panels in one row
        Assert.Matches("class='bond-[0-9]+ atom-0 atom-5'", svg);  // phenol's ring closure was drawn
    }
}
