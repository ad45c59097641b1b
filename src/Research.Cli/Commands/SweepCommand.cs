using System.CommandLine;
using System.Globalization;
using Research.Cli.Sweeps;

namespace Research.Cli.Commands;

/// <summary>
/// <c>research sweep dist2|guidance|labo|labo-mt --scale full --workers 2</c>: a notebook's whole grid, each run a child
/// <c>research train ... --reuse</c> process, several at a time, into the run store. Runs the store already holds from
/// this code revision are skipped, so a stopped sweep continues where it stopped; the notebook then reads them.
/// </summary>
[CliCommand]
internal static class SweepCommand
{
    internal static Command Create()
    {
        var workers = new Option<int>("--workers") { Description = "Runs at a time, each one process with one thread.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };

        var dist2Scale = ScaleOption("Dist2Scale");
        var dist2Seeds = SeedsOption("Comma-separated seeds; the first one tunes α and τ.", "1,2,3,4,5");
        var steps = new Option<int?>("--steps") { Description = "Override every run's number of optimizer steps (for smoke tests; changes the runs' configs)." };
        var dist2 = new Command("dist2", "Run the DIST2 grid of notebook 01 (tuning, then Task A and Task B at the tuned α, τ) in parallel processes.")
            { dist2Scale, dist2Seeds, workers, steps };
        dist2.SetAction(parse => UserErrors.Report("sweep dist2", () =>
            Dist2Sweep.Run(parse.GetValue(dist2Scale)!, ParseSeeds("--seeds", parse.GetValue(dist2Seeds)!), Workers(parse.GetValue(workers)), parse.GetValue(steps))));

        var guidanceScale = ScaleOption("GuidanceScale and CopyGuidanceScale; toy for smoke tests");
        var guidanceSeeds = SeedsOption("Comma-separated seeds of E1 and E2; the first one sweeps the learning rates and runs the gate.", "1,2,3,4,5");
        var copySeeds = SeedsOption("Comma-separated seeds of E3 (the copy task).", "1,2,3", "--copy-seeds");
        var epochs = new Option<int?>("--epochs") { Description = "Override every run's number of epochs (for smoke tests; changes the runs' configs)." };
        var guidance = new Command("guidance", "Run the guidance grid of notebook 04 (learning-rate sweeps, E2's gate, then E1, E2 and E3's arms) in parallel processes.")
            { guidanceScale, guidanceSeeds, copySeeds, workers, epochs };
        guidance.SetAction(parse => UserErrors.Report("sweep guidance", () =>
            GuidanceSweep.Run(parse.GetValue(guidanceScale)!, ParseSeeds("--seeds", parse.GetValue(guidanceSeeds)!), ParseSeeds("--copy-seeds", parse.GetValue(copySeeds)!),
                Workers(parse.GetValue(workers)), parse.GetValue(epochs))));

        var laboScale = ScaleOption("LaboScale; toy for smoke tests");
        var laboSeeds = SeedsOption("Comma-separated seeds; the first one tunes α, T and r on validation.", "1,2,3,4,5");
        var labo = new Command("labo", "Run the LABO-R image grid of notebook 03 (every setting on the first seed, then the chosen ones on the others) in parallel processes.")
            { laboScale, laboSeeds, workers, epochs };
        labo.SetAction(parse => UserErrors.Report("sweep labo", () =>
            LaboSweep.Run(parse.GetValue(laboScale)!, ParseSeeds("--seeds", parse.GetValue(laboSeeds)!), Workers(parse.GetValue(workers)), parse.GetValue(epochs))));

        var mtScale = ScaleOption("TranslationScale; toy with --data word-mapping for smoke tests");
        var mtData = new Option<string>("--data") { Description = "mt (the Bible corpus, `research data prepare mt`) or word-mapping (a generated language).", DefaultValueFactory = _ => "mt" };
        var mtSeeds = SeedsOption("Comma-separated seeds; the first one chooses LABO-R's temperature on validation BLEU.", "1,2,3");
        var laboMt = new Command("labo-mt", "Run the translation grid of notebook 03 (CE, LS, LABO-R at each T on the first seed; then the chosen T on the others, and with misaligned targets) in parallel processes.")
            { mtScale, mtData, mtSeeds, workers, epochs };
        laboMt.SetAction(parse => UserErrors.Report("sweep labo-mt", () =>
            LaboMtSweep.Run(parse.GetValue(mtScale)!, parse.GetValue(mtData)!, ParseSeeds("--seeds", parse.GetValue(mtSeeds)!), Workers(parse.GetValue(workers)), parse.GetValue(epochs))));

        return new Command("sweep", "Fill the run store with an experiment's whole grid, several runs at a time.") { dist2, guidance, labo, laboMt };
    }

    private static Option<string> ScaleOption(string scales) =>
        new("--scale") { Description = $"quick or full ({scales}).", DefaultValueFactory = _ => "quick" };

    private static Option<string> SeedsOption(string description, string defaults, string name = "--seeds") =>
        new(name) { Description = description, DefaultValueFactory = _ => defaults };

    private static int Workers(int workers) => workers >= 1 ? workers : throw new ArgumentException($"--workers must be at least 1, got {workers}");

    private static IReadOnlyList<int> ParseSeeds(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var seeds = parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
            : throw new ArgumentException($"{option}: '{p}' is not an integer (expected e.g. 1,2,3)")).ToList();
        return seeds.Count > 0 ? seeds : throw new ArgumentException($"{option}: no seed given");
    }
}
