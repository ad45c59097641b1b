using System.Diagnostics;

namespace Research.Cli.Sweeps;

/// <summary>One child <c>research</c> invocation of a sweep: its arguments, a label for progress lines and the file its
/// output goes to.</summary>
internal sealed record ChildRun(string Label, IReadOnlyList<string> Arguments, string LogPath);

/// <summary>How a child ended: its exit code, wall-clock seconds and the last line it printed.</summary>
internal sealed record ChildOutcome(ChildRun Run, int ExitCode, double Seconds, string LastLine);

/// <summary>
/// Runs child <c>research</c> processes, at most <c>workers</c> at a time. Each child is a separate process with one
/// intra-op thread (unless RESEARCH_NUM_THREADS says otherwise): TorchSharp seeds one global generator, so runs in
/// threads of one process would not be reproducible. Ctrl+C kills the running children.
/// </summary>
internal static class ResearchProcesses
{
    internal static IReadOnlyList<ChildOutcome> RunAll(IReadOnlyList<ChildRun> runs, int workers, string storePath, Action<ChildOutcome> finished)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var outcomes = new ChildOutcome[runs.Count];
        var running = new HashSet<Process>();
        ConsoleCancelEventHandler cancel = (_, _) => { lock (running) foreach (var p in running) TryKill(p); };
        Console.CancelKeyPress += cancel;
        try
        {
            Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
            {
                outcomes[i] = Run(runs[i], storePath, running);
                lock (finished) finished(outcomes[i]);
            });
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
        return outcomes;
    }

    private static ChildOutcome Run(ChildRun run, string storePath, HashSet<Process> running)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Started as `dotnet research.dll`, the process path is dotnet's: the entry assembly comes first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") info.ArgumentList.Add(typeof(ResearchProcesses).Assembly.Location);
        foreach (var a in run.Arguments) info.ArgumentList.Add(a);
        info.Environment["RESEARCH_RUNS_DB"] = storePath;
        info.Environment["DOTNET_gcConcurrent"] = "0";
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RESEARCH_NUM_THREADS"))) info.Environment["RESEARCH_NUM_THREADS"] = "1";

        Directory.CreateDirectory(Path.GetDirectoryName(run.LogPath)!);
        using var log = new StreamWriter(run.LogPath) { AutoFlush = true };
        var last = "";
        void Write(string? line)
        {
            if (line is null) return;
            lock (log)
            {
                log.WriteLine(line);
                if (line.Trim().Length > 0) last = line.Trim();
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        lock (running)
        {
            process.Start();
            running.Add(process);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        lock (running) running.Remove(process);
        lock (log) return new ChildOutcome(run, process.ExitCode, clock.Elapsed.TotalSeconds, last);
    }

    private static void TryKill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }   // it has exited
    }
}
