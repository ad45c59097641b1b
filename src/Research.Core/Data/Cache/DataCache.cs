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
    public IReadOnlyList<DataManifest> ListPrepared() =>
        [.. Inspect(checksums: false).Where(v => v.Manifest is not null).Select(v => v.Manifest!)];

    /// <summary>
    /// Every variant folder under the cache with what it holds checked against its manifest: files present, of the
    /// listed size and (when <paramref name="checksums"/>) SHA-256. A folder without a readable manifest is reported
    /// too, as damaged; half-built temporary folders (a build in progress or killed) are not listed.
    /// </summary>
    public IReadOnlyList<CachedVariant> Inspect(bool checksums = true)
    {
        if (!Directory.Exists(Root)) return [];
        var variants = new List<CachedVariant>();
        foreach (var dataSet in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
            foreach (var folder in Directory.EnumerateDirectories(dataSet).Order(StringComparer.Ordinal))
            {
                var variant = Path.GetFileName(folder);
                if (variant.StartsWith('.')) continue;
                variants.Add(CachedVariant.Check(Path.GetFileName(dataSet), variant, folder, checksums));
            }
        return variants;
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
