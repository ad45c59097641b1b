namespace Research.Core.Data.Cache;

/// <summary>A data set's Debian package was not installed and could not be installed here.</summary>
public sealed class MissingPackageException(string message) : Exception(message);

/// <summary>
/// A Debian package a data set is built from, with a file that proves it is installed
/// (for example <c>/usr/bin/bible</c> for <c>bible-kjv</c>).
/// </summary>
public sealed record DebianPackage(string Name, string ProbePath)
{
    public bool IsPresent => File.Exists(ProbePath);

    /// <summary>
    /// Makes sure the package is there. When it is missing and <paramref name="install"/> is set and the process runs
    /// as root, runs <c>apt-get update</c> and <c>apt-get install -y</c>; otherwise throws an error naming the exact package.
    /// </summary>
    public void Ensure(string dataSet, bool install, TextWriter? log = null)
    {
        if (IsPresent) return;
        if (install && Environment.IsPrivilegedProcess)
        {
            log?.WriteLine($"{dataSet}: installing Debian package {Name} (apt-get update; apt-get install -y {Name})");
            ExternalCommand.Run("apt-get", ["update", "-q"]);
            ExternalCommand.Run("apt-get", ["install", "-y", "-q", "--no-install-recommends", Name]);
            if (IsPresent) return;
            throw new MissingPackageException(
                $"{dataSet}: installed the Debian package '{Name}' but {ProbePath} is still missing");
        }
        var how = Environment.IsPrivilegedProcess ? $"apt-get install {Name}" : $"sudo apt-get install {Name}";
        throw new MissingPackageException(
            $"{dataSet} needs the Debian package '{Name}': expected {ProbePath} but it does not exist. Install it with `{how}` (or ./kit setup).");
    }

    /// <summary>The installed version from dpkg, or "unknown" when dpkg does not know the package (e.g. a test probe).</summary>
    public string InstalledVersion()
    {
        try
        {
            return ExternalCommand.Run("dpkg-query", ["-W", "-f=${Version}", Name]).Trim();
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    public ManifestSource AsSource(string detail) => new(Name, InstalledVersion(), detail);
}
