using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Research.Core.Experiments;
using Research.Core.Training;

namespace Research.Core.Tests.Experiments;

/// <summary>Every run ends accounted for: diverged, failed with its reason, or interrupted when its process died.</summary>
public sealed class RunStoreStatusTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("research-runstatus-").FullName;

    private string StorePath => Path.Combine(directory, "runs.db");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_diverged_training_is_recorded_as_diverged_with_the_trainers_message()
    {
        using var store = RunStore.Open(StorePath);
        using (var run = store.Start("nan", new { }, seed: 1))
            Assert.Throws<TrainingDivergedException>(() => run.Guard<int>(() => throw new TrainingDivergedException(2, 17, "augmented", double.NaN, "/tmp/x.safetensors")));
        var info = Assert.Single(store.Runs("nan"));
        Assert.Equal(RunStatus.Diverged, info.Status);
        Assert.Equal("training diverged at epoch 2, step 17: augmented is NaN; the last good checkpoint is /tmp/x.safetensors (left as it was)", info.Error);
    }

    [Fact]
    public void Any_other_exception_fails_the_run_with_its_type_and_message()
    {
        using var store = RunStore.Open(StorePath);
        using (var run = store.Start("boom", new { }, seed: 1))
            Assert.Throws<IOException>(() => run.Guard<int>(() => throw new IOException("disk full")));
        var info = Assert.Single(store.Runs("boom"));
        Assert.Equal((RunStatus.Failed, "IOException: disk full"), (info.Status, info.Error));
    }

    [Fact]
    public void NaN_is_stored_as_a_value_never_as_NULL()
    {
        using (var store = RunStore.Open(StorePath))
        using (var run = store.Start("nan", new { }, seed: 1))
        {
            run.LogStep(1, "loss", double.NaN);
            run.SetResult("final", double.NaN);
            run.Complete();
        }
        Assert.Equal(0L, RawScalar("SELECT count(*) FROM metrics WHERE value IS NULL;"));
        Assert.Equal(0L, RawScalar("SELECT count(*) FROM results WHERE value IS NULL;"));
        using var reopened = RunStore.Open(StorePath);
        Assert.True(double.IsNaN(Assert.Single(reopened.Results("nan")).Value));
    }

    [Fact]
    public void Runs_left_running_by_a_dead_process_are_marked_interrupted_on_the_next_open()
    {
        using (RunStore.Open(StorePath)) { }
        var dead = DeadProcessId();
        var self = Environment.ProcessId;
        var host = Environment.MachineName;
        InsertRunning(host + ":" + dead, DateTime.UtcNow);                      // its process is gone
        InsertRunning(host + ":" + self, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));   // the id was reused by a later process
        var live = InsertRunning(host + ":" + self, DateTime.UtcNow);          // still going
        InsertRunning("another-machine:" + dead, DateTime.UtcNow);            // cannot be checked from here

        using var store = RunStore.Open(StorePath);

        var statuses = store.Runs().Select(r => (r.Host, r.Status)).ToList();
        Assert.Equal([RunStatus.Interrupted, RunStatus.Interrupted, RunStatus.Running, RunStatus.Running], statuses.Select(s => s.Status));
        Assert.Contains($"process {dead} ended without recording how the run ended", store.Runs().First().Error);
        Assert.Equal(RunStatus.Running, store.Run(live).Status);
        Assert.Equal(0, store.MarkInterruptedRuns());
    }

    [Fact]
    public void A_version_1_store_is_migrated_keeping_its_runs_metrics_and_results()
    {
        using (var connection = Raw())
        {
            Exec(connection, """
                CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, experiment TEXT NOT NULL, config TEXT NOT NULL, seed INTEGER NOT NULL,
                    revision TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
                    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')), error TEXT, host TEXT NOT NULL);
                CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, kind TEXT NOT NULL CHECK (kind IN ('step', 'epoch')),
                    step INTEGER NOT NULL, name TEXT NOT NULL, value REAL);
                CREATE TABLE results (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, name));
                INSERT INTO runs VALUES (5, 'old', '{}', 3, 'abc', '2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z', 'completed', NULL, 'h:1');
                INSERT INTO metrics VALUES (5, 'step', 1, 'loss', 2.5), (5, 'step', 2, 'loss', NULL);
                INSERT INTO results VALUES (5, 'test_ppl', 99.5);
                PRAGMA user_version = 1;
                """);
        }

        using var store = RunStore.Open(StorePath);

        Assert.Equal(2L, RawScalar("PRAGMA user_version;"));
        var old = Assert.Single(store.Runs("old"));
        Assert.Equal((5L, RunStatus.Completed, 3), (old.Id, old.Status, old.Seed));
        Assert.Equal([2.5, double.NaN], store.Metrics("old", "loss").Select(p => p.Value));
        Assert.Equal(99.5, Assert.Single(store.Results("old")).Value);
        using var next = store.Start("new", new { }, seed: 1);
        Assert.True(next.Id > 5, $"a new run after the migration got id {next.Id}, expected one above 5");
        next.Diverge("loss is NaN");
        Assert.Equal(RunStatus.Diverged, store.Run(next.Id).Status);
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private long InsertRunning(string host, DateTime startedUtc)
    {
        using var connection = Raw();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO runs (experiment, config, seed, revision, started_at, status, host) " +
                              "VALUES ('x', '{}', 1, 'r', $started, 'running', $host) RETURNING id;";
        command.Parameters.AddWithValue("$started", startedUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
        command.Parameters.AddWithValue("$host", host);
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Raw()
    {
        var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object RawScalar(string sql)
    {
        using var connection = Raw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()!;
    }
}
