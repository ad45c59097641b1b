using System.CommandLine;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Tying;
using Research.Core.Training;

namespace Research.Cli.Commands;

/// <summary><c>research train lm --config file.json</c>: one language-model run of the tying experiment.</summary>
[CliCommand]
internal static class TrainCommand
{
    internal static Command Create()
    {
        var config = new Option<string>("--config") { Description = "JSON file: scale, variant, seed, tau, alpha, epochs, checkpoints.", Required = true };
        var lm = new Command("lm", "Train an LSTM language model on the KJV corpus (Inan et al. 2017 variants: baseline, AL, RE, REAL). " +
                                   "Checkpoints every epoch; running the same config again resumes.") { config };
        lm.SetAction(parse => UserErrors.Report("train lm", () => TrainLanguageModel(parse.GetValue(config)!)));
        var train = new Command("train", "Train a model from a configuration file.");
        train.Subcommands.Add(lm);
        train.Subcommands.Add(TrainLaboCommand.Create());
        train.Subcommands.Add(TrainLaboMtCommand.Create());
        train.Subcommands.Add(TrainGuidanceCommand.Create());
        train.Subcommands.Add(TrainCopyGuidanceCommand.Create());
        train.Subcommands.Add(TrainDist2Command.Create());
        train.Subcommands.Add(TrainIleCommand.Create());
        return train;
    }

    private static int TrainLanguageModel(string path)
    {
        var config = TrainLmConfig.Read(path);
        TorchRuntime.EnsureLoaded();   // applies RESEARCH_NUM_THREADS before the first tensor
        var scale = TyingScale.Named(config.Scale);
        Console.WriteLine($"Loading the KJV corpus (vocabulary {scale.Vocabulary}, {scale.Name} scale)...");
        using var data = TyingData.Load(scale);
        Console.WriteLine($"{data.TrainTokens:N0} training tokens; unk rates train {data.UnknownRates["train"]:P2}, valid {data.UnknownRates["valid"]:P2}, test {data.UnknownRates["test"]:P2}");
        using var store = RunStore.OpenDefault();
        using var bar = Console.IsOutputRedirected ? null : TrainingProgressBar.On(Console.Out);
        ITrainingProgress progress = bar is null ? new ProgressText(Console.Out, TimeSpan.FromSeconds(10)) : bar;
        var result = TyingRunner.Run(scale, config.Spec(), data, store, progress, config.Checkpoints);
        Console.WriteLine($"{result.Variant} seed {result.Seed}: train {result.TrainPerplexity:F2}, valid {result.ValidPerplexity:F2}, test {result.TestPerplexity:F2} perplexity; " +
                          $"{result.Parameters:N0} parameters; {result.Epochs} epochs in {result.Seconds:F0} s ({result.Provenance}); run {result.RunId} in {store.Path}");
        return 0;
    }
}
