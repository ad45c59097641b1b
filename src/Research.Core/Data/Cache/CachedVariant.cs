namespace Research.Core.Data.Cache;

/// <summary>One prepared variant in the cache and whether its files still match its manifest.</summary>
/// <param name="Problem">Null when intact; otherwise what is wrong (unreadable manifest, missing file, size or hash).</param>
public sealed record CachedVariant(string Name, string Variant, string Folder, DataManifest? Manifest, string? Problem)
{
    public bool Intact => Problem is null;

    /// <summary>Reads the manifest in <paramref name="folder"/> and checks the files it lists.</summary>
    public static CachedVariant Check(string name, string variant, string folder, bool checksums)
    {
        var path = Path.Combine(folder, DataManifest.FileName);
        DataManifest manifest;
        try
        {
            manifest = DataManifest.Read(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return new CachedVariant(name, variant, folder, null, e.Message);
        }
        return new CachedVariant(name, variant, folder, manifest, manifest.FindFileMismatch(folder, checksums));
    }
}
