using System.Text.Json;

namespace Research.Core.Experiments;

/// <summary>How a run ended, or that it is still going.</summary>
public enum RunStatus
{
    Running,
    Completed,
    Failed,
    /// <summary>Stopped at a NaN or infinite loss, term or gradient norm (the error says where).</summary>
    Diverged,
    /// <summary>Its process ended without recording an end (killed, or the machine stopped); found by a later open of the store.</summary>
    Interrupted,
}

/// <summary>Per-step metrics (every logged training step) or per-epoch metrics (evaluations).</summary>
public enum MetricKind { Step, Epoch }

/// <summary>One run as the store holds it. <see cref="Config"/> is the run's configuration as JSON.</summary>
public sealed record RunInfo(
    long Id,
    string Experiment,
    string Config,
    int Seed,
    string Revision,
    DateTime StartedAt,
    DateTime? EndedAt,
    RunStatus Status,
    string? Error,
    string Host)
{
    /// <summary>Wall-clock seconds from start to end (or to now while running).</summary>
    public double Seconds => ((EndedAt ?? DateTime.UtcNow) - StartedAt).TotalSeconds;

    /// <summary>One top-level field of the configuration, as text ("" when absent).</summary>
    public string ConfigValue(string key)
    {
        using var json = JsonDocument.Parse(Config);
        return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(key, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "";
    }
}

/// <summary>One logged value of a metric; NaN and infinities are kept as such.</summary>
public sealed record MetricPoint(long RunId, int Seed, MetricKind Kind, long Step, string Name, double Value);

/// <summary>A final result of a run.</summary>
public sealed record RunResult(long RunId, string Experiment, int Seed, string Name, double Value);
