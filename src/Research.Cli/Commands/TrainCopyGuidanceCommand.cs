using System.CommandLine;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Guidance;
using Research.Core.Training;

namespace Research.Cli.Commands;

/// <summary><c>research train guidance-copy --config file.json</c>: one run of the guidance experiment E3 (paper 4).</summary>
internal static class TrainCopyGuidanceCommand
{
    internal static Command Create()
    {
        var config = new Option<string>("--config") { Description = "JSON file: scale, arm (base, untrained, trained), seed, epochs, learningRate, alpha, estimator, task (copy, parity).", Required = true };
        var command = new Command("guidance-copy", "Train a tanh RNN on the copy task guided by a causal Transformer through CKA (Subramaniam et al. 2025), or with task parity the Transformer guided by the RNN; logged to the run store.") { config };
        var reuse = new Option<bool>("--reuse") { Description = "Return a completed run of the same config, seed and code revision from the run store instead of training again." };
        command.Add(reuse);
        command.SetAction(parse => UserErrors.Report("train guidance-copy", () => Train(parse.GetValue(config)!, parse.GetValue(reuse))));
        return command;
    }

    private static int Train(string path, bool reuse)
    {
        var config = TrainCopyGuidanceConfig.Read(path);
        TorchRuntime.EnsureLoaded();   // applies RESEARCH_NUM_THREADS before the first tensor
        var scale = CopyGuidanceScale.Named(config.Scale);
        Console.WriteLine($"Copy task: {scale.TrainSequences} training and {scale.TestSequences} test sequences of {scale.MinLength}-{scale.MaxLength} digits");
        using var store = RunStore.OpenDefault();
        using var bar = Console.IsOutputRedirected ? null : TrainingProgressBar.On(Console.Out);
        ITrainingProgress progress = bar is null ? new ProgressText(Console.Out, TimeSpan.FromSeconds(10)) : bar;
        var result = CopyGuidanceRunner.Run(scale, config.Spec(), store, TrainingObservers.Progress(progress), reuse);
        Console.WriteLine($"copy {result.Arm} seed {result.Seed}: final train CE {result.TrainLoss[^1]:F4}, test token accuracy final {result.FinalTestAccuracy:P2}, best {result.BestTestAccuracy:P2}" +
                          (double.IsNaN(result.GuideTestAccuracy) ? "" : $" (guide alone {result.GuideTestAccuracy:P2})") +
                          $"; mean CKA over {result.Pairs.Count} pairs {result.CkaBefore.Average():F3} → {result.CkaAfter.Average():F3}; {result.Seconds:F0} s; {(result.Reused ? "reused " : "")}run {result.RunId} in {store.Path}");
        return 0;
    }
}
