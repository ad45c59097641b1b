using System.Collections.Concurrent;
using System.Diagnostics;

namespace Research.Core.Experiments;

/// <summary>The git commit the code runs from, so each stored run names the code that produced it.</summary>
public static class CodeRevision
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();

    /// <summary>The short commit of the repository holding <paramref name="directory"/> (default: the current
    /// one), with "+dirty-" and a hash of the uncommitted changes to tracked files when there are any (so two different
    /// dirty trees never share a revision), or "unknown" outside a git checkout.</summary>
    public static string Of(string? directory = null) =>
        Cache.GetOrAdd(Path.GetFullPath(directory ?? Environment.CurrentDirectory), dir =>
        {
            var commit = Git(dir, "rev-parse", "--short=12", "HEAD");
            if (commit is null) return "unknown";
            var changes = Git(dir, "diff", "HEAD", "--no-ext-diff", "--binary");
            return string.IsNullOrEmpty(changes)
                ? commit
                : commit + "+dirty-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(changes)))[..8];
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
