using Microsoft.Data.Sqlite;

namespace Research.Core.Experiments;

/// <summary>Reading the store: what notebooks and <c>research runs</c> query.</summary>
public sealed partial class RunStore
{
    /// <summary>Runs in order of start, all of them or those of one experiment.</summary>
    public IReadOnlyList<RunInfo> Runs(string? experiment = null) =>
        Query("SELECT id, experiment, config, seed, revision, started_at, ended_at, status, error, host FROM runs " +
              "WHERE $experiment IS NULL OR experiment = $experiment ORDER BY id;",
            ReadRun, ("$experiment", experiment));

    /// <summary>One run by id.</summary>
    public RunInfo Run(long id) =>
        Query("SELECT id, experiment, config, seed, revision, started_at, ended_at, status, error, host FROM runs WHERE id = $id;",
            ReadRun, ("$id", id)).SingleOrDefault()
        ?? throw new KeyNotFoundException($"{Path}: no run with id {id}");

    /// <summary>The latest completed run of <paramref name="experiment"/> with exactly this configuration and seed,
    /// made by this code revision (<see cref="CodeRevision"/>), or null: what a runner may reuse instead of training
    /// again. A run from other code, or one that failed, diverged or was interrupted, never matches; outside a git
    /// checkout (revision "unknown") nothing does, since the code that made a run cannot be told apart.</summary>
    public RunInfo? FindCompleted(string experiment, object config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (CodeRevision.Of() == CodeRevision.Unknown) return null;
        return Query("SELECT id, experiment, config, seed, revision, started_at, ended_at, status, error, host FROM runs " +
                     "WHERE experiment = $experiment AND config = $config AND seed = $seed AND revision = $revision AND status = 'completed' " +
                     "ORDER BY id DESC LIMIT 1;",
            ReadRun, ("$experiment", experiment), ("$config", ConfigJson(config)), ("$seed", seed), ("$revision", CodeRevision.Of()))
            .SingleOrDefault();
    }

    /// <summary>The final results of one run by name.</summary>
    public IReadOnlyDictionary<string, double> ResultsOf(long runId) =>
        Results([runId]).ToDictionary(r => r.Name, r => r.Value);

    /// <summary>The values of one metric for the given runs, by run then step.</summary>
    public IReadOnlyList<MetricPoint> Metrics(IEnumerable<long> runIds, string name, MetricKind kind = MetricKind.Step) =>
        Query("SELECT m.run_id, r.seed, m.kind, m.step, m.name, m.value FROM metrics m JOIN runs r ON r.id = m.run_id " +
              "WHERE m.run_id IN (SELECT value FROM json_each($ids)) AND m.name = $name AND m.kind = $kind ORDER BY m.run_id, m.step, m.rowid;",
            ReadMetric, ("$ids", IdList(runIds)), ("$name", name), ("$kind", KindName(kind)));

    /// <summary>The values of one metric for every run of an experiment.</summary>
    public IReadOnlyList<MetricPoint> Metrics(string experiment, string name, MetricKind kind = MetricKind.Step) =>
        Metrics(Runs(experiment).Select(r => r.Id), name, kind);

    /// <summary>Every metric of the given runs (for export).</summary>
    public IReadOnlyList<MetricPoint> AllMetrics(IEnumerable<long> runIds) =>
        Query("SELECT m.run_id, r.seed, m.kind, m.step, m.name, m.value FROM metrics m JOIN runs r ON r.id = m.run_id " +
              "WHERE m.run_id IN (SELECT value FROM json_each($ids)) ORDER BY m.run_id, m.name, m.kind, m.step, m.rowid;",
            ReadMetric, ("$ids", IdList(runIds)));

    /// <summary>The final results of the given runs.</summary>
    public IReadOnlyList<RunResult> Results(IEnumerable<long> runIds) =>
        Query("SELECT r.id, r.experiment, r.seed, x.name, x.value FROM results x JOIN runs r ON r.id = x.run_id " +
              "WHERE x.run_id IN (SELECT value FROM json_each($ids)) ORDER BY r.id, x.name;",
            reader => new RunResult(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), ReadValue(reader, 4)),
            ("$ids", IdList(runIds)));

    /// <summary>The final results of every run of an experiment (or of all runs).</summary>
    public IReadOnlyList<RunResult> Results(string? experiment = null) => Results(Runs(experiment).Select(r => r.Id));

    private IReadOnlyList<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string, object?)[] parameters)
    {
        lock (gate)
        {
            using var command = Command(sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(read(reader));
            return rows;
        }
    }

    private static string IdList(IEnumerable<long> ids) => "[" + string.Join(",", ids) + "]";

    // NULL comes from stores written before NaN was kept as text.
    private static double ReadValue(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) || reader.GetFieldType(column) == typeof(string) ? double.NaN : reader.GetDouble(column);

    private static RunInfo ReadRun(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), ParseTimestamp(r.GetString(5)),
        r.IsDBNull(6) ? null : ParseTimestamp(r.GetString(6)),
        Enum.Parse<RunStatus>(r.GetString(7), ignoreCase: true), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9));

    private static MetricPoint ReadMetric(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt32(1), r.GetString(2) == "step" ? MetricKind.Step : MetricKind.Epoch, r.GetInt64(3), r.GetString(4), ReadValue(r, 5));
}
