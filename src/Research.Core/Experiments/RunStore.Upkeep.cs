using System.Diagnostics;

namespace Research.Core.Experiments;

/// <summary>Keeping the store honest when it is opened: the schema brought up to date, and runs whose process
/// died without recording an end marked interrupted.</summary>
public sealed partial class RunStore
{
    // Version 1 allowed only running, completed and failed. SQLite cannot alter a CHECK constraint, so the runs
    // table is rebuilt; foreign keys are off meanwhile, or dropping the old table would cascade to the metrics.
    private void Migrate()
    {
        if (UserVersion() is 0 or SchemaVersion) return;
        Execute("PRAGMA foreign_keys = OFF;");
        try
        {
            InTransaction(() =>
            {
                var version = UserVersion();   // another process may have migrated while we waited for the lock
                if (version == SchemaVersion) return;
                if (version != 1) throw new InvalidDataException($"{Path}: run store schema version {version} is not one this kit knows (it writes {SchemaVersion})");
                Execute(RunsTable("runs_v2"));
                Execute("INSERT INTO runs_v2 SELECT * FROM runs; DROP TABLE runs; ALTER TABLE runs_v2 RENAME TO runs;");
                Execute($"PRAGMA user_version = {SchemaVersion};");
            });
        }
        finally
        {
            Execute("PRAGMA foreign_keys = ON;");
        }
    }

    private long UserVersion() => (long)Scalar("PRAGMA user_version;")!;

    /// <summary>
    /// Runs of this host still marked running whose process is gone (or is a later process that reused the id)
    /// become <see cref="RunStatus.Interrupted"/>. Returns how many were marked.
    /// </summary>
    public int MarkInterruptedRuns()
    {
        var prefix = Environment.MachineName + ":";
        var running = Query("SELECT id, host, started_at FROM runs WHERE status = 'running';",
            r => (Id: r.GetInt64(0), Host: r.GetString(1), Started: ParseTimestamp(r.GetString(2))));
        var marked = 0;
        foreach (var run in running)
        {
            if (!run.Host.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(run.Host[prefix.Length..], out var pid)) continue;
            if (IsAlive(pid, run.Started)) continue;
            marked += InTransaction(() => Execute(
                "UPDATE runs SET status = 'interrupted', error = $error WHERE id = $run AND status = 'running';",
                ("$error", $"process {pid} ended without recording how the run ended (killed, or the machine stopped); found at {Timestamp(DateTime.UtcNow)}"),
                ("$run", run.Id)));
        }
        return marked;
    }

    private static bool IsAlive(int pid, DateTime runStartedUtc)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // A process that started after the run did cannot be the run's: the id was reused.
            return !process.HasExited && process.StartTime.ToUniversalTime() <= runStartedUtc.AddSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
