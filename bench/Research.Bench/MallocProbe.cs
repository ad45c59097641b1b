using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Research.Core.Data.Text;
using Research.Core.Engine;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>
/// `research-bench malloc`: how glibc's malloc settings and libtorch's huge-page allocation change a training step's
/// cost, process by process. Each workload runs in fresh child processes (`research-bench --probe NAME`) under four
/// GLIBC_TUNABLES settings with THP_MEM_ALLOC_ENABLE=0 (libtorch's default), under two of them with it at 1, and with
/// nothing set, where the kit's own <see cref="NativeAllocator"/> applies (since 2026-11-30); each child reports minor
/// page faults, user and system CPU per step, the heap's top chunk after the last step (mallinfo2().keepcost: about
/// 128 KiB, glibc's top pad, right after the heap was trimmed) and the heap's size then (mallinfo2().arena). A step
/// whose freed memory glibc hands back to the kernel (heap trim, or munmap of a chunk above the mmap threshold) takes
/// it again on the next step, one zero-filled page at a time; a heap that keeps growing while its memory in use does
/// not is one whose freed chunks the next steps cannot reuse.
/// </summary>
public static class MallocProbe
{
    private static readonly string[] Workloads = ["fused_lstm", "vlstm_masked", "lstm_lm_step", "real_step"];

    private const string Both = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456";

    // Tunables null: glibc's dynamic defaults (RESEARCH_MALLOC=default keeps the kit's mallopt out); the last row is
    // the kit's own setting, nothing in the environment: NativeAllocator's mallopt (the same thresholds as "both") and huge pages.
    private static readonly (string Name, string? Tunables, bool HugePages, bool Kit)[] Settings =
    [
        ("default (dynamic thresholds)", null, false, false),
        ("mmap_threshold 32 MiB only", "glibc.malloc.mmap_threshold=33554432", false, false),
        ("trim_threshold 256 MiB only", "glibc.malloc.trim_threshold=268435456", false, false),
        ("both", Both, false, false),
        ("default (dynamic thresholds)", null, true, false),
        ("both", Both, true, false),
        ("unset: the kit's mallopt (as both)", null, true, true),
    ];

    private sealed record ChildResult(string Workload, double FaultsPerStep, double UserMsPerStep, double SysMsPerStep, double TopKiB, double HeapMiB);

    /// <summary>Runs every workload under every setting in `processes` fresh processes; returns the markdown table.</summary>
    public static string Run(int processes)
    {
        var table = new StringBuilder();
        table.AppendLine("| workload | GLIBC_TUNABLES | THP_MEM_ALLOC_ENABLE | processes whose heap top was under 256 KiB after the last step | page faults per step, min-median-max | heap after the last step, MiB, min-median-max | system CPU per step, share of CPU (median) | CPU per step (median), relative to \"both\", 0 |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var workload in Workloads)
        {
            var results = Settings.Select(s => (s.Name, s.HugePages, Runs: Enumerable.Range(0, processes).Select(_ => Child(workload, s.Tunables, s.HugePages, s.Kit)).ToList())).ToList();
            var reference = Median(results[3].Runs.Select(r => r.UserMsPerStep + r.SysMsPerStep));   // "both", huge pages off
            foreach (var (name, hugePages, runs) in results)
            {
                var faults = runs.Select(r => r.FaultsPerStep).Order().ToArray();
                var heap = runs.Select(r => r.HeapMiB).Order().ToArray();
                var cpu = Median(runs.Select(r => r.UserMsPerStep + r.SysMsPerStep));
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"| {workload} | {name} | {(hugePages ? 1 : 0)} | {runs.Count(r => r.TopKiB < 256)} of {runs.Count} | {faults[0]:F0}-{Median(faults):F0}-{faults[^1]:F0} | " +
                    $"{heap[0]:F0}-{Median(heap):F0}-{heap[^1]:F0} | " +
                    $"{Median(runs.Select(r => r.SysMsPerStep / (r.UserMsPerStep + r.SysMsPerStep))):P0} | {cpu / reference:F2} |");
                table.AppendLine(line);
                Console.WriteLine(line);
            }
        }
        return table.ToString();
    }

    private static ChildResult Child(string workload, string? tunables, bool hugePages, bool kit)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, ["--probe", workload]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("GLIBC_TUNABLES");
        start.Environment.Remove(NativeAllocator.MallocVariable);
        start.Environment.Remove(NativeAllocator.HugePagesVariable);
        if (tunables is not null) start.Environment["GLIBC_TUNABLES"] = tunables;
        if (!kit)
        {
            start.Environment[NativeAllocator.MallocVariable] = "default";
            start.Environment[NativeAllocator.HugePagesVariable] = hugePages ? "1" : "0";
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"--probe {workload} failed with exit code {process.ExitCode}: {stderr.Result}");
        return JsonSerializer.Deserialize<ChildResult>(stdout) ?? throw new InvalidDataException($"--probe {workload} printed nothing");
    }

    /// <summary>The child: warm up, time `steps` steps, print one JSON line.</summary>
    public static int Probe(string workload, int steps = 60)
    {
        Research.Core.Engine.TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        var step = Build(workload);
        for (var i = 0; i < 10; i++) step();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var (user0, sys0, faults0) = (self.UserProcessorTime, self.PrivilegedProcessorTime, Measurement.MinorFaults());
        for (var i = 0; i < steps; i++) step();
        self.Refresh();
        var heap = mallinfo2();
        var result = new ChildResult(workload,
            (Measurement.MinorFaults() - faults0) / (double)steps,
            (self.UserProcessorTime - user0).TotalMilliseconds / steps,
            (self.PrivilegedProcessorTime - sys0).TotalMilliseconds / steps,
            heap.keepcost / 1024.0,
            heap.arena / 1048576.0);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static Action Build(string workload)
    {
        manual_seed(0);
        switch (workload)
        {
            case "fused_lstm":   // STACK.md's case: nn.LSTM 2x64, BPTT 35, batch 20, forward and backward
            {
                var lstm = nn.LSTM(64, 64, numLayers: 2);
                var x = randn(35, 20, 64).requires_grad_(true);
                var leaves = lstm.parameters().Cast<Tensor>().Append(x).ToList();
                return () => { using var scope = NewDisposeScope(); Gradients.SetToNone(leaves); lstm.call(x).Item1.sum().backward(); };
            }
            case "vlstm_masked":   // the kit's VariationalLstm in training (masks drawn), same shapes
            {
                var lstm = new VariationalLstm(64, [64, 64], dropout: 0.3);
                var x = randn(35, 20, 64).requires_grad_(true);
                var leaves = lstm.parameters().Cast<Tensor>().Append(x).ToList();
                return () => { using var scope = NewDisposeScope(); Gradients.SetToNone(leaves); lstm.call(x, null).Output.sum().backward(); };
            }
            case "lstm_lm_step":   // train-step's lstm_lm_step: logits [700, 5000] (14 MB) and their gradient every step
            {
                var embedding = nn.Embedding(5000, 64);
                var lstm = nn.LSTM(64, 64, numLayers: 2);
                var decoder = nn.Linear(64, 5000);
                var parameters = embedding.parameters().Concat(lstm.parameters()).Concat(decoder.parameters()).ToList();
                var optimizer = optim.SGD(parameters, 20);
                var input = randint(0, 5000, [35, 20]);
                var target = randint(0, 5000, [35 * 20]);
                return () =>
                {
                    using var scope = NewDisposeScope();
                    Gradients.SetToNone(parameters);
                    var output = lstm.call(embedding.call(input)).Item1;
                    nn.functional.cross_entropy(decoder.call(output.view(700, 64)), target).backward();
                    nn.utils.clip_grad_norm_(parameters, 0.25);
                    optimizer.step();
                };
            }
            case "real_step":   // paper 5's +REAL step through the kit's objective: tied LM, augmented loss, clip, SafeSgd
            {
                var model = new LstmLanguageModel(new LstmLanguageModelConfig(5000, 64, 64, Dropout: 0.3, Tied: true));
                var objective = new LanguageModelObjective(model, new AugmentedLossOptions(0.5, 10, AugmentedLossScale.Tau));
                var parameters = model.parameters().ToList();
                var optimizer = new SafeSgd(parameters, 20);
                var windows = BpttBatches.Windows(LanguageModelEpochSuite.Stream(30 * 35 + 1, 20, 1), 35).ToList();
                var next = 0;
                return () =>
                {
                    using var scope = NewDisposeScope();
                    Gradients.SetToNone(parameters);
                    objective.Compute(windows[next++ % windows.Count]).Loss.backward();
                    nn.utils.clip_grad_norm_(parameters, 0.25);
                    optimizer.step();
                };
            }
            default: throw new ArgumentException($"unknown probe workload '{workload}': expected one of {string.Join(", ", Workloads)}");
        }
    }

    private static double Median(IEnumerable<double> values) => Measurement.Median(values.ToArray());

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 mallinfo2();
}
