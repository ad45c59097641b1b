using System.Diagnostics;

namespace Research.Core.Data.Cache;

/// <summary>One option a data set accepts, with its default and what it means.</summary>
public sealed record DataOption(string Key, string Default, string Description);

/// <summary>How <see cref="DataSetRecipe.Prepare"/> behaves: install missing packages (as root), rebuild anyway, log progress.</summary>
public sealed record PrepareSettings(bool Install = true, bool Force = false, TextWriter? Log = null);

/// <summary>A prepared variant: its folder, its manifest, and whether this call built it (false: the cache already matched).</summary>
public sealed record PreparedDataSet(string Folder, DataManifest Manifest, bool Built);

/// <summary>
/// A data set that the kit builds from Debian packages into the <see cref="DataCache"/>. Each option set is a
/// variant with its own folder and manifest; preparing a variant whose manifest matches is a no-op.
/// </summary>
public abstract class DataSetRecipe
{
    public abstract string Name { get; }
    public abstract string Description { get; }

    /// <summary>Bumped whenever the preprocessing changes, so stale caches are rebuilt.</summary>
    public abstract int PreprocessingVersion { get; }

    public abstract IReadOnlyList<DebianPackage> Packages { get; }
    public abstract IReadOnlyList<DataOption> Options { get; }

    /// <summary>Writes the variant's files into <paramref name="folder"/> and returns their sources and statistics.</summary>
    protected abstract BuildResult Build(string folder, IReadOnlyDictionary<string, string> options, TextWriter? log);

    /// <summary>What <see cref="Build"/> made: the files written (relative paths), where the data came from, measured statistics.</summary>
    protected sealed record BuildResult(IReadOnlyList<string> Files, IReadOnlyList<ManifestSource> Sources, System.Text.Json.Nodes.JsonObject Statistics);

    /// <summary>Defaults overlaid with <paramref name="given"/>; an unknown key is an error naming the accepted keys.</summary>
    public SortedDictionary<string, string> ResolveOptions(IReadOnlyDictionary<string, string>? given)
    {
        var resolved = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in Options) resolved[option.Key] = option.Default;
        foreach (var (key, value) in given ?? new Dictionary<string, string>())
        {
            if (!resolved.ContainsKey(key))
                throw new ArgumentException(
                    $"{Name} has no option '{key}': expected one of {string.Join(", ", Options.Select(o => o.Key))}", nameof(given));
            if (value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ','))
                throw new ArgumentException($"{Name} option '{key}' has value '{value}': expected letters, digits, '.', '-' or ','", nameof(given));
            resolved[key] = value;
        }
        return resolved;
    }

    /// <summary>The folder name of an option set: the options that differ from their defaults, or "default".</summary>
    public string VariantOf(IReadOnlyDictionary<string, string> resolved)
    {
        var changed = Options.Where(o => resolved[o.Key] != o.Default).Select(o => $"{o.Key}-{resolved[o.Key]}").ToList();
        return changed.Count == 0 ? "default" : string.Join('_', changed);
    }

    /// <summary>Builds the variant unless the cache already holds it with a matching manifest and files.</summary>
    public PreparedDataSet Prepare(DataCache cache, IReadOnlyDictionary<string, string>? options = null, PrepareSettings? settings = null)
    {
        settings ??= new PrepareSettings();
        var resolved = ResolveOptions(options);
        var variant = VariantOf(resolved);
        var folder = cache.FolderOf(Name, variant);
        var manifestPath = Path.Combine(folder, DataManifest.FileName);
        if (!settings.Force && File.Exists(manifestPath) && DataManifest.TryRead(manifestPath, out var existing)
            && existing!.Matches(Name, variant, PreprocessingVersion, resolved))
        {
            var mismatch = existing.FindFileMismatch(folder, checksums: true) ?? FindPackageUpgrade(existing);
            if (mismatch is null) return new PreparedDataSet(folder, existing, Built: false);
            settings.Log?.WriteLine($"{Name}/{variant}: rebuilding, {mismatch}");
        }
        foreach (var package in Packages) package.Ensure(Name, settings.Install, settings.Log);
        var clock = Stopwatch.StartNew();
        var manifest = cache.BuildAtomically(Name, variant, temporary =>
        {
            var result = Build(temporary, resolved, settings.Log);
            return new DataManifest
            {
                Name = Name,
                Variant = variant,
                PreprocessingVersion = PreprocessingVersion,
                Options = resolved,
                Sources = result.Sources,
                Files = result.Files.Select(f => ManifestFile.Of(temporary, f)).ToList(),
                Statistics = result.Statistics,
                PrepareSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            };
        });
        return new PreparedDataSet(folder, manifest, Built: true);
    }

    /// <summary>A source package whose installed version differs from the one the manifest recorded; null if none.</summary>
    private string? FindPackageUpgrade(DataManifest manifest)
    {
        foreach (var source in manifest.Sources.DistinctBy(s => s.Package))
        {
            var package = Packages.FirstOrDefault(p => p.Name == source.Package);
            if (package is null) continue;
            var installed = package.InstalledVersion();
            if (installed != source.Version) return $"the manifest was built from {package.Name} {source.Version} but {installed} is installed";
        }
        return null;
    }

    /// <summary>Reads an integer option, naming the option and the value when it does not parse or is out of range.</summary>
    protected int IntOption(IReadOnlyDictionary<string, string> options, string key, int min, int max = int.MaxValue)
    {
        if (!int.TryParse(options[key], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
            throw new ArgumentException($"{Name} option '{key}' is '{options[key]}': expected an integer in [{min}, {max}]");
        return value;
    }

    protected double DoubleOption(IReadOnlyDictionary<string, string> options, string key, double min, double max)
    {
        if (!double.TryParse(options[key], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
            throw new ArgumentException($"{Name} option '{key}' is '{options[key]}': expected a number in [{min}, {max}]");
        return value;
    }

    protected string ChoiceOption(IReadOnlyDictionary<string, string> options, string key, params string[] choices)
    {
        var value = options[key];
        if (!choices.Contains(value))
            throw new ArgumentException($"{Name} option '{key}' is '{value}': expected one of {string.Join(", ", choices)}");
        return value;
    }
}
