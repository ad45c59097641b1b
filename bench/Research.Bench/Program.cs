using System.Globalization;
using Research.Bench;
using Research.Core.Engine;
using TorchSharp;

// research-bench [suite ...] [--runs N] [--rounds N] [--threads N] [--markdown FILE]
// research-bench malloc [--processes N] [--markdown FILE]: page faults per step under glibc malloc settings (MallocProbe)
// Runs each suite here, then the same suite in python3-torch (bench/torch_bench.py), one after the other on the
// same machine, and prints ratios of the median per-iteration times. With several rounds the two sides alternate,
// so slow drifts of the machine's speed hit both; each figure is the median over the rounds.
if (args is ["--probe", var probe]) return MallocProbe.Probe(probe);
var suites = new IBenchSuite[] { new PerOpSuite(), new GemmSuite(), new TrainStepSuite(), new LanguageModelEpochSuite(), new LstmRouteSuite(), new LabelRegularizationSuite(), new LaboTranslationSuite(), new GuidanceStepSuite(), new Dist2Suite() };
var runs = 7;
var rounds = 1;
var threads = 1;
var processes = 5;
string? markdown = null;
var selected = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--markdown": markdown = args[++i]; break;
        case "--processes": processes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: selected.Add(args[i]); break;
    }
}
if (selected is ["malloc"])
{
    TorchRuntime.EnsureLoaded();
    Console.WriteLine(string.Join(Environment.NewLine, Machine.Describe(1)));
    var table = MallocProbe.Run(processes);
    if (markdown is not null) File.WriteAllText(markdown, string.Join(Environment.NewLine, Machine.Describe(1).Select(f => $"- {f}")) + Environment.NewLine + Environment.NewLine + table);
    return 0;
}
var unknown = selected.Except(suites.Select(s => s.Name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown suite(s): {string.Join(", ", unknown)}; available: {string.Join(", ", suites.Select(s => s.Name))}");
    return 2;
}
TorchRuntime.EnsureLoaded();
torch.set_num_threads(threads);
var peer = Peer.PyTorch(Peer.FindBenchFolder());
var facts = Machine.Describe(threads).Append($"peer: {peer.Describe()}").ToList();
var report = new Report(facts, runs, rounds);
foreach (var suite in suites.Where(s => selected.Count == 0 || selected.Contains(s.Name)))
{
    Console.WriteLine($"== {suite.Name}: {suite.Description}");
    var kit = new List<IReadOnlyList<Measurement>>();
    var pytorch = new List<IReadOnlyList<Measurement>>();
    for (var round = 0; round < rounds; round++)
    {
        kit.Add(suite.Run(runs).ToList());
        pytorch.Add(suite.HasPeer ? peer.Run(suite.Name, runs, threads) : []);
    }
    report.Add(suite, kit, pytorch);
}
report.Print(Console.Out);
if (markdown is not null) File.WriteAllText(markdown, report.Markdown());
return 0;
