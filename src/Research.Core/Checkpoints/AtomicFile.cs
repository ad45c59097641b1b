using Research.Core.Engine;

namespace Research.Core.Checkpoints;

/// <summary>
/// Writes a file all at once or not at all: to PATH.tmp-PID, flushed to disk, then renamed over PATH. Before writing,
/// temporary files of the same path left by writers that no longer run (killed mid-write) are deleted.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        RemoveStaleTemporaries(full);
        var temporary = $"{full}.tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            Failpoint.Hit("checkpoint-write");
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Deletes PATH.tmp-PID files whose process is gone; returns how many.</summary>
    public static int RemoveStaleTemporaries(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder)) return 0;
        var prefix = Path.GetFileName(path) + ".tmp-";
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, prefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(file)[prefix.Length..], out var pid) || IsRunning(pid)) continue;
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // another process removed it first
            }
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return false;   // our own leftover from an earlier failed write
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
