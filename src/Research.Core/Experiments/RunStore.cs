using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Research.Core.Engine;

namespace Research.Core.Experiments;

/// <summary>
/// The run store: an SQLite file holding runs (configuration as JSON, seed, code revision, start, end,
/// status), their per-step and per-epoch metrics, and their final results. WAL mode and a busy timeout let
/// several training processes write to one file at once; each write is a short IMMEDIATE transaction.
/// One instance is safe to share between threads.
/// </summary>
public sealed partial class RunStore : IDisposable
{
    /// <summary>Environment variable naming the store file; otherwise <see cref="DefaultPath"/> looks for the kit's runs/ folder.</summary>
    public const string PathVariable = "RESEARCH_RUNS_DB";

    private const int SchemaVersion = 2;
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    public string Path { get; }

    private RunStore(string path)
    {
        Path = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            Pooling = false,
        };
        connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            // The busy timeout comes first: switching to WAL and creating the schema may wait for other writers.
            Execute($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};");
            var mode = Scalar("PRAGMA journal_mode = WAL;");
            if (!"wal".Equals(mode as string, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{path}: expected the store to switch to WAL journal mode, but SQLite kept '{mode}'");
            Execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
            Migrate();
            InTransaction(() => Execute(Schema));
            MarkInterruptedRuns();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens (creating when missing) the store at <paramref name="path"/>.</summary>
    public static RunStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InvalidDataException($"{full}: expected a run store file, found a folder");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        try
        {
            return new RunStore(full);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)   // SQLITE_NOTADB, SQLITE_CORRUPT
        {
            throw new InvalidDataException($"{full}: not a readable run store ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>Opens the store at <see cref="DefaultPath"/>.</summary>
    public static RunStore OpenDefault() => Open(DefaultPath());

    /// <summary>$RESEARCH_RUNS_DB, else runs/runs.db in the kit's checkout (found upwards from the current
    /// folder by its <c>kit</c> script), else runs/runs.db in the current folder.</summary>
    public static string DefaultPath()
    {
        var variable = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(variable)) return System.IO.Path.GetFullPath(variable);
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "kit")) && Directory.Exists(System.IO.Path.Combine(dir.FullName, "src")))
                return System.IO.Path.Combine(dir.FullName, "runs", "runs.db");
        return System.IO.Path.GetFullPath(System.IO.Path.Combine("runs", "runs.db"));
    }

    /// <summary>Records the start of a run and returns the log its metrics go to. <paramref name="config"/> is
    /// any object System.Text.Json can write (an F# record, an anonymous object) or a JSON string.</summary>
    public RunLog Start(string experiment, object config, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experiment);
        ArgumentNullException.ThrowIfNull(config);
        var json = ConfigJson(config);
        using (var parsed = JsonDocument.Parse(json))
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
                throw new ArgumentException($"config must be a JSON object, got {parsed.RootElement.ValueKind}: {json}", nameof(config));
        var id = InTransaction(() => (long)Scalar(
            "INSERT INTO runs (experiment, config, seed, revision, started_at, status, host) " +
            "VALUES ($experiment, $config, $seed, $revision, $started, 'running', $host) RETURNING id;",
            ("$experiment", experiment), ("$config", json), ("$seed", seed), ("$revision", CodeRevision.Of()),
            ("$started", Timestamp(DateTime.UtcNow)), ("$host", $"{Environment.MachineName}:{Environment.ProcessId}"))!);
        return new RunLog(this, id, experiment, seed);
    }

    private static string ConfigJson(object config) => config as string ?? JsonSerializer.Serialize(config, config.GetType());

    internal void WriteMetrics(long runId, IReadOnlyList<(MetricKind Kind, long Step, string Name, double Value)> rows)
    {
        if (rows.Count == 0) return;
        InTransaction(() =>
        {
            using var insert = Command("INSERT INTO metrics (run_id, kind, step, name, value) VALUES ($run, $kind, $step, $name, $value);");
            var parameters = new[] { "$run", "$kind", "$step", "$name", "$value" }.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
            insert.Prepare();
            foreach (var row in rows)
            {
                parameters[0].Value = runId;
                parameters[1].Value = KindName(row.Kind);
                parameters[2].Value = row.Step;
                parameters[3].Value = row.Name;
                parameters[4].Value = Stored(row.Value);
                insert.ExecuteNonQuery();
            }
            Failpoint.Hit("store-write");
        });
    }

    internal void WriteResult(long runId, string name, double value) =>
        InTransaction(() => Execute(
            "INSERT INTO results (run_id, name, value) VALUES ($run, $name, $value) ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value;",
            ("$run", runId), ("$name", name), ("$value", Stored(value))));

    internal void WriteEnd(long runId, RunStatus status, string? error) =>
        InTransaction(() => Execute(
            "UPDATE runs SET status = $status, ended_at = $ended, error = $error WHERE id = $run;",
            ("$status", StatusName(status)), ("$ended", Timestamp(DateTime.UtcNow)), ("$error", error), ("$run", runId)));

    private T InTransaction<T>(Func<T> work)
    {
        lock (gate)
        {
            // BEGIN IMMEDIATE takes the write lock up front, so a busy writer makes us wait (busy timeout)
            // instead of failing when a read would later upgrade to a write.
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = work();
            transaction.Commit();
            return result;
        }
    }

    private void InTransaction(Action work) => InTransaction(() => { work(); return 0; });

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = (int)BusyTimeout.TotalSeconds;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private int Execute(string sql, params (string, object?)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string, object?)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    // SQLite turns a NaN REAL into NULL; the text 'NaN' keeps it (infinities are REALs already).
    private static object Stored(double value) => double.IsNaN(value) ? NaNText : value;

    private const string NaNText = "NaN";

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static DateTime ParseTimestamp(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string KindName(MetricKind kind) => kind == MetricKind.Step ? "step" : "epoch";

    private static string StatusName(RunStatus status) => status.ToString().ToLowerInvariant();

    public void Dispose()
    {
        lock (gate) connection.Dispose();
    }

    private static readonly string StatusList = string.Join(", ", Enum.GetValues<RunStatus>().Select(s => $"'{StatusName(s)}'"));

    private static string RunsTable(string name) => $"""
        CREATE TABLE IF NOT EXISTS {name} (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            experiment TEXT NOT NULL,
            config     TEXT NOT NULL,
            seed       INTEGER NOT NULL,
            revision   TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at   TEXT,
            status     TEXT NOT NULL CHECK (status IN ({StatusList})),
            error      TEXT,
            host       TEXT NOT NULL
        );
        """;

    private static readonly string Schema = RunsTable("runs") + $"""
        CREATE TABLE IF NOT EXISTS metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            kind   TEXT NOT NULL CHECK (kind IN ('step', 'epoch')),
            step   INTEGER NOT NULL,
            name   TEXT NOT NULL,
            value  REAL
        );
        CREATE INDEX IF NOT EXISTS metrics_by_run ON metrics (run_id, name, kind, step);
        CREATE TABLE IF NOT EXISTS results (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name   TEXT NOT NULL,
            value  REAL,
            PRIMARY KEY (run_id, name)
        );
        PRAGMA user_version = {SchemaVersion};
        """;
}
