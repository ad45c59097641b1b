using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Research.Core.Data.Cache;

/// <summary>One file of a prepared data set: its path relative to the variant folder, size and SHA-256.</summary>
public sealed record ManifestFile(string Path, long Bytes, string Sha256)
{
    public static ManifestFile Of(string folder, string relativePath)
    {
        var full = System.IO.Path.Combine(folder, relativePath);
        using var stream = File.OpenRead(full);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new ManifestFile(relativePath, stream.Length, hash);
    }
}

/// <summary>Where the raw data came from: the Debian package, its installed version, and how it was read.</summary>
public sealed record ManifestSource(string Package, string Version, string Detail);

/// <summary>
/// What a prepared data set holds and how it was made: the recipe's preprocessing version and options,
/// every file with its checksum, and measured statistics (split sizes, unk rates, label noise applied).
/// Preparing again is a no-op exactly when <see cref="Matches"/> holds and <see cref="FindFileMismatch"/> finds nothing.
/// </summary>
public sealed record DataManifest
{
    public const string FileName = "manifest.json";

    public required string Name { get; init; }
    public required string Variant { get; init; }
    public required int PreprocessingVersion { get; init; }
    public required SortedDictionary<string, string> Options { get; init; }
    public required IReadOnlyList<ManifestSource> Sources { get; init; }
    public required IReadOnlyList<ManifestFile> Files { get; init; }
    public required JsonObject Statistics { get; init; }
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;
    public double PrepareSeconds { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Same data set, variant, preprocessing version and options.</summary>
    public bool Matches(string name, string variant, int preprocessingVersion, IReadOnlyDictionary<string, string> options) =>
        Name == name && Variant == variant && PreprocessingVersion == preprocessingVersion
        && Options.Count == options.Count && options.All(kv => Options.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>The first file that is missing or differs in size (or, when <paramref name="checksums"/>, in SHA-256); null if all agree.</summary>
    public string? FindFileMismatch(string folder, bool checksums)
    {
        foreach (var file in Files)
        {
            var full = Path.Combine(folder, file.Path);
            if (!File.Exists(full)) return $"{full}: listed in the manifest but missing";
            var bytes = new FileInfo(full).Length;
            if (bytes != file.Bytes) return $"{full}: the manifest says {file.Bytes} bytes but found {bytes}";
            if (!checksums) continue;
            var actual = ManifestFile.Of(folder, file.Path).Sha256;
            if (actual != file.Sha256) return $"{full}: the manifest says SHA-256 {file.Sha256} but found {actual}";
        }
        return null;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes to a temporary name, then renames, so a reader never sees half a manifest.</summary>
    public void Write(string path)
    {
        var temporary = $"{path}.tmp-{Environment.ProcessId}";
        File.WriteAllText(temporary, ToJson());
        File.Move(temporary, path, overwrite: true);
    }

    public static DataManifest Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected a data manifest but the file does not exist", path);
        try
        {
            return JsonSerializer.Deserialize<DataManifest>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: expected a data manifest (JSON object) but found null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: expected a data manifest (JSON) but it does not parse: {e.Message}", e);
        }
    }

    public static bool TryRead(string path, out DataManifest? manifest)
    {
        try
        {
            manifest = Read(path);
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            manifest = null;
            return false;
        }
    }
}
