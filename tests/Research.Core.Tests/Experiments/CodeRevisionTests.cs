using System.Diagnostics;
using Research.Core.Experiments;

namespace Research.Core.Tests.Experiments;

/// <summary>The revision stamped on runs and checkpoints tells apart every state of the code, committed or not.</summary>
public sealed class CodeRevisionTests : IDisposable
{
    private readonly string repo = Directory.CreateTempSubdirectory("revision-").FullName;

    public void Dispose() => Directory.Delete(repo, recursive: true);

    [Fact]
    public void Uncommitted_changes_get_a_hash_of_their_own()
    {
        Git("init", "-q");
        File.WriteAllText(Path.Combine(repo, "a.txt"), "one\n");
        Git("add", "a.txt");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first");
        var clean = Revision();
        Assert.Matches("^[0-9a-f]{12}$", clean);
        File.WriteAllText(Path.Combine(repo, "a.txt"), "two\n");
        var dirty = Revision();
        File.WriteAllText(Path.Combine(repo, "a.txt"), "three\n");
        var otherDirty = Revision();
        Assert.Matches($"^{clean}\\+dirty-[0-9a-f]{{8}}$", dirty);
        Assert.NotEqual(dirty, otherDirty);
        File.WriteAllText(Path.Combine(repo, "a.txt"), "two\n");
        Assert.Equal(dirty, Revision());
        // Back to the committed text: clean again, and the same revision as before the edits.
        File.WriteAllText(Path.Combine(repo, "a.txt"), "one\n");
        Assert.Equal(clean, Revision());
        Assert.Equal(clean, Revision());
    }

    [Fact]
    public void A_new_file_not_yet_added_makes_the_tree_dirty_and_its_content_counts()
    {
        Git("init", "-q");
        File.WriteAllText(Path.Combine(repo, ".gitignore"), "ignored/\n");
        Git("add", ".gitignore");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first");
        var clean = Revision();
        Directory.CreateDirectory(Path.Combine(repo, "ignored"));
        File.WriteAllText(Path.Combine(repo, "ignored", "run.log"), "not code\n");
        Assert.Equal(clean, Revision());   // what git ignores is not code
        File.WriteAllText(Path.Combine(repo, "New.cs"), "class A {}\n");
        var added = Revision();
        Assert.Matches($"^{clean}\\+dirty-[0-9a-f]{{8}}$", added);
        File.WriteAllText(Path.Combine(repo, "New.cs"), "class B {}\n");
        Assert.NotEqual(added, Revision());
        File.Delete(Path.Combine(repo, "New.cs"));
        Assert.Equal(clean, Revision());
    }

    // A fresh subfolder name each time: CodeRevision caches per folder.
    private string Revision()
    {
        var folder = Path.Combine(repo, "sub" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        try
        {
            return CodeRevision.Of(folder);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    private void Git(params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var git = Process.Start(info)!;
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {git.StandardError.ReadToEnd()}");
    }
}
