namespace Research.Core.Data.Cache;

/// <summary>
/// The folder where prepared data sets live: one sub-folder per data set and variant, each with a
/// <c>manifest.json</c>. Default <c>~/.cache/research/data</c>; <c>RESEARCH_DATA_DIR</c> or an explicit path overrides it.
/// </summary>
public sealed class DataCache
{
    public const string EnvironmentVariable = "RESEARCH_DATA_DIR";

    public string Root { get; }

    public DataCache(string root)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("root must be a folder path, got an empty string", nameof(root));
        Root = Path.GetFullPath(root);
    }

    /// <summary>The explicit folder if given, else <c>RESEARCH_DATA_DIR</c>, else <c>~/.cache/research/data</c>.</summary>
    public static DataCache Resolve(string? explicitRoot = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitRoot)) return new DataCache(explicitRoot);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return new DataCache(fromEnvironment);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new DataCache(Path.Combine(home, ".cache", "research", "data"));
    }

    /// <summary>The folder of one prepared variant, e.g. <c>kjv/vocab-5000</c>.</summary>
    public string FolderOf(string name, string variant) => Path.Combine(Root, name, variant);

    /// <summary>Every manifest under the cache, read back; folders without a readable manifest are skipped.</summary>
    public IReadOnlyList<DataManifest> ListPrepared()
    {
        if (!Directory.Exists(Root)) return [];
        var manifests = new List<DataManifest>();
        foreach (var dataSet in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
            foreach (var variant in Directory.EnumerateDirectories(dataSet).Order(StringComparer.Ordinal))
            {
                var path = Path.Combine(variant, DataManifest.FileName);
                if (File.Exists(path) && DataManifest.TryRead(path, out var manifest)) manifests.Add(manifest!);
            }
        return manifests;
    }

    /// <summary>
    /// Builds a variant into a temporary sibling folder, then renames it into place, so a crash or an error
    /// never leaves a half-written variant behind. <paramref name="build"/> writes its files and returns the manifest.
    /// </summary>
    public DataManifest BuildAtomically(string name, string variant, Func<string, DataManifest> build)
    {
        var final = FolderOf(name, variant);
        var parent = Path.GetDirectoryName(final)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{variant}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            var manifest = build(temporary);
            manifest.Write(Path.Combine(temporary, DataManifest.FileName));
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            try
            {
                Directory.Move(temporary, final);
            }
            catch (IOException) when (Directory.Exists(final) && File.Exists(Path.Combine(final, DataManifest.FileName)))
            {
                // Another process prepared the same variant in the meantime: keep its (equivalent) folder.
                Directory.Delete(temporary, recursive: true);
                return DataManifest.Read(Path.Combine(final, DataManifest.FileName));
            }
            return manifest;
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
    }
}
