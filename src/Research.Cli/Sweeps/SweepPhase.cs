using System.Text.Json;
using System.Text.Json.Serialization;

namespace Research.Cli.Sweeps;

/// <summary>One run a sweep wants: a file-name stem, a label for progress lines, the <c>research train</c> verb that
/// runs it and its config (written to the sweep's log folder as JSON).</summary>
internal sealed record SweepRun(string Name, string Label, string Verb, object Config);

/// <summary>
/// One phase of a sweep: the runs not yet in the store, each as a child <c>research train VERB --config FILE --reuse</c>
/// process, several at a time, one progress line per finished run and one log file per run.
/// </summary>
internal static class SweepPhase
{
    /// <summary>Trains <paramref name="missing"/> (of <paramref name="total"/> runs in the phase) and returns how many failed.</summary>
    internal static int Run(string phase, IReadOnlyList<SweepRun> missing, int total, int workers, string storePath, string logs)
    {
        Console.WriteLine($"{phase}: {total - missing.Count} of {total} runs already in the store, {missing.Count} to train, {workers} at a time");
        if (missing.Count == 0) return 0;
        Directory.CreateDirectory(logs);
        var stem = new string(phase.Split(' ')[0].Where(char.IsLetterOrDigit).ToArray());
        var runs = missing.Select((r, i) =>
        {
            var path = Path.Combine(logs, $"{stem}-{i + 1:D3}-{r.Name}.json");
            File.WriteAllText(path, JsonSerializer.Serialize(r.Config, r.Config.GetType(), ConfigJson));
            return new ChildRun(r.Label, ["train", r.Verb, "--config", path, "--reuse"], Path.ChangeExtension(path, ".log"));
        }).ToList();
        var done = 0;
        var outcomes = ResearchProcesses.RunAll(runs, workers, storePath, o =>
            Console.WriteLine(o.ExitCode == 0
                ? $"[{++done}/{runs.Count}] {o.Run.Label}: {o.Seconds:F0} s"
                : $"[{++done}/{runs.Count}] {o.Run.Label}: FAILED (exit {o.ExitCode}): {o.LastLine} (log {o.Run.LogPath})"));
        return outcomes.Count(o => o.ExitCode != 0);
    }

    /// <summary>The sweep's exit code: 0 when nothing failed, else 1 with a line saying where the logs are.</summary>
    internal static int Finish(string sweep, int failed, string logs, string storePath, string done)
    {
        if (failed > 0)
        {
            Console.Error.WriteLine($"research sweep {sweep}: {failed} runs failed; their logs are in {logs}; run the sweep again to retry them");
            return 1;
        }
        Console.WriteLine(done);
        return 0;
    }

    /// <summary>The folder a sweep's configs and child logs go to, beside the run store.</summary>
    internal static string LogFolder(string storePath, string sweep) =>
        Path.Combine(Path.GetDirectoryName(storePath)!, "sweeps", $"{sweep}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}");

    private static readonly JsonSerializerOptions ConfigJson = new()
        { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
