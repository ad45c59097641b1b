using System.Collections.Concurrent;
using System.Diagnostics;

namespace Research.Core.Experiments;

/// <summary>The git commit the code runs from, so each stored run names the code that produced it.</summary>
public static class CodeRevision
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();

    /// <summary>The revision of code that does not run from a git checkout.</summary>
    public const string Unknown = "unknown";

    /// <summary>The short commit of the repository holding <paramref name="directory"/> (default: the current
    /// one), with "+dirty-" and a hash of the uncommitted changes when there are any (so two different dirty trees
    /// never share a revision), or "unknown" outside a git checkout. Changes are the diff of tracked files and the
    /// untracked files git does not ignore, by path and content: the SDK compiles a new .cs file before anyone adds it.</summary>
    public static string Of(string? directory = null) =>
        Cache.GetOrAdd(Path.GetFullPath(directory ?? Environment.CurrentDirectory), dir =>
        {
            var commit = Git(dir, "rev-parse", "--short=12", "HEAD");
            if (commit is null) return Unknown;
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var changed = false;
            var diff = Git(dir, "diff", "HEAD", "--no-ext-diff", "--binary");
            if (!string.IsNullOrEmpty(diff))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(diff));
                changed = true;
            }
            var top = Git(dir, "rev-parse", "--show-toplevel") ?? dir;
            var untracked = Git(top, "ls-files", "--others", "--exclude-standard", "-z") ?? "";
            foreach (var path in untracked.Split('\0', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes("\0untracked " + path + "\0"));
                var full = Path.Combine(top, path);
                if (File.Exists(full)) hash.AppendData(File.ReadAllBytes(full));
                changed = true;
            }
            return changed ? commit + "+dirty-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..8] : commit;
        });

    private static string? Git(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(directory);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            using var git = Process.Start(info)!;
            var output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
