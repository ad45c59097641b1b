using System.CommandLine;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Labo;
using Research.Core.Training;

namespace Research.Cli.Commands;

/// <summary><c>research train labo-mt --config file.json</c>: one run of LABO-R's translation experiment (paper 3).</summary>
internal static class TrainLaboMtCommand
{
    internal static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "JSON file: scale (quick, full, toy), data (mt, word-mapping), method (ce, ls, labo-r, labo-r-budget), alpha, temperature, entropyRatio, noise (0-0.2), seed, epochs, trainPairs, checkpoints.",
            Required = true,
        };
        var reuse = new Option<bool>("--reuse") { Description = "Return a completed run of the same config, seed and code revision from the run store instead of training again." };
        var command = new Command("labo-mt", "Train the small encoder-decoder on the Spanish-English Bible (or a generated word-mapping language) under CE, LS or LABO-R " +
                                             "(a reconstruction of Lu et al. 2023); checkpoint on validation BLEU, test BLEU and chrF with greedy and beam-4 search. " +
                                             "Checkpoints every epoch; running the same config again resumes.") { config, reuse };
        command.SetAction(parse => UserErrors.Report("train labo-mt", () => Train(parse.GetValue(config)!, parse.GetValue(reuse))));
        return command;
    }

    private static int Train(string path, bool reuse)
    {
        var config = TrainLaboMtConfig.Read(path);
        var spec = config.Spec();
        var scale = spec.Scale;
        TorchRuntime.EnsureLoaded();   // applies RESEARCH_NUM_THREADS before the first tensor
        Console.WriteLine($"Loading {spec.Data} ({scale.Name} scale, misaligned targets {spec.Noise:P0}, seed {spec.Seed})...");
        var data = TranslationData.Load(spec.Data, scale);
        Console.WriteLine($"{data.Train.Count:N0} training pairs, {data.Valid.Count:N0} validation, {data.Test.Count:N0} test; vocabulary {data.Vocabulary.Count:N0}");
        using var store = RunStore.OpenDefault();
        using var bar = Console.IsOutputRedirected ? null : TrainingProgressBar.On(Console.Out);
        ITrainingProgress progress = bar is null ? new ProgressText(Console.Out, TimeSpan.FromSeconds(10)) : bar;
        var result = TranslationRunner.Run(spec, data, store, TrainingObservers.Progress(progress), config.Checkpoints, reuse);
        Console.WriteLine($"{result.Label}, misaligned {result.Noise:P0}, seed {result.Seed}: test BLEU {result.Greedy.Bleu:F2} greedy / {result.Beam.Bleu:F2} beam {TranslationRunner.BeamSize}, " +
                          $"chrF {result.Greedy.Chrf:F2} / {result.Beam.Chrf:F2}; valid BLEU {result.ValidBleu:F2} at epoch {result.BestEpoch} of {result.Epochs}; " +
                          $"{result.Seconds:F0} s of training; {(result.Reused ? "reused " : "")}run {result.RunId} in {store.Path}");
        return 0;
    }
}
