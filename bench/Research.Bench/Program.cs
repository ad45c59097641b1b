using System.Globalization;
using Research.Bench;
using Research.Torch;

// research-bench [suite ...] [--runs N] [--rounds N] [--threads N] [--markdown FILE]
// Runs each suite here, then the same suite in python3-torch (bench/torch_bench.py) and, for per-op and
// GEMM, in direct libtorch (bench/native), one after the other on the same machine, and prints ratios of
// the median per-iteration times. With several rounds the three sides alternate, so slow drifts of the
// machine's speed hit all of them; each figure is then the median over every round's runs.
var suites = new IBenchSuite[] { new PerOpSuite(), new GemmSuite(), new TrainStepSuite(), new LanguageModelEpochSuite() };
var runs = 7;
var rounds = 1;
var threads = 1;
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
        default: selected.Add(args[i]); break;
    }
}
var unknown = selected.Except(suites.Select(s => s.Name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown suite(s): {string.Join(", ", unknown)}; available: {string.Join(", ", suites.Select(s => s.Name))}");
    return 2;
}
torch.configure(threads);
var bench = Peer.FindBenchFolder();
var peers = new[] { Peer.PyTorch(bench), Peer.DirectLibtorch(bench) };
var report = new Report(threads, runs, rounds);
foreach (var suite in suites.Where(s => selected.Count == 0 || selected.Contains(s.Name)))
{
    Console.WriteLine($"== {suite.Name}: {suite.Description}");
    var kit = new List<Measurement>();
    var pytorch = new List<Measurement>();
    var libtorch = new List<Measurement>();
    for (var round = 0; round < rounds; round++)
    {
        kit.AddRange(suite.Run(runs));
        pytorch.AddRange(peers[0].Suites.Contains(suite.Name) ? peers[0].Run(suite.Name, runs, threads) : []);
        libtorch.AddRange(peers[1].Suites.Contains(suite.Name) ? peers[1].Run(suite.Name, runs, threads) : []);
    }
    report.Add(suite, Measurement.MedianByCase(kit), Measurement.MedianByCase(pytorch), Measurement.MedianByCase(libtorch));
}
report.Print(Console.Out);
if (markdown is not null) File.WriteAllText(markdown, report.Markdown());
return 0;
