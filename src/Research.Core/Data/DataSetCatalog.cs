using Research.Core.Data.Bible;
using Research.Core.Data.Cache;
using Research.Core.Data.Graphs;
using Research.Core.Data.Images;

namespace Research.Core.Data;

/// <summary>The data sets <c>research data prepare</c> can build from Debian packages.</summary>
public static class DataSetCatalog
{
    public static IReadOnlyList<DataSetRecipe> All { get; } =
    [
        new FashionMnistRecipe(),
        new KjvRecipe(),
        new BibleTranslationRecipe(),
        new MoleculesRecipe(),
    ];

    public static DataSetRecipe Find(string name) =>
        All.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"unknown data set '{name}': expected one of {string.Join(", ", All.Select(r => r.Name))}", nameof(name));
}
