using System.CommandLine;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Guidance;
using Research.Core.Training;

namespace Research.Cli.Commands;

/// <summary><c>research train guidance --config file.json</c>: one run of the guidance experiment E1 or E2 (paper 4).</summary>
internal static class TrainGuidanceCommand
{
    internal static Command Create()
    {
        var config = new Option<string>("--config") { Description = "JSON file: scale, target (fcn, plain-cnn, resnet), arm (base, untrained, trained, init), data (plain, translated), seed, epochs, learningRate, alpha, estimator, cacheGuide, plainBlocks, trainImages.", Required = true };
        var command = new Command("guidance", "Train a deep FCN (E1), a plain CNN (E2) or its ResNet (the gate) on Fashion-MNIST guided by a ResNet through CKA (Subramaniam et al. 2025), logged to the run store.") { config };
        var reuse = new Option<bool>("--reuse") { Description = "Return a completed run of the same config, seed and code revision from the run store instead of training again." };
        command.Add(reuse);
        command.SetAction(parse => UserErrors.Report("train guidance", () => Train(parse.GetValue(config)!, parse.GetValue(reuse))));
        return command;
    }

    private static int Train(string path, bool reuse)
    {
        var config = TrainGuidanceConfig.Read(path);
        TorchRuntime.EnsureLoaded();   // applies RESEARCH_NUM_THREADS before the first tensor
        var scale = GuidanceScale.Named(config.Scale);
        var spec = config.Spec();
        var trainImages = spec.TrainImages ?? scale.TrainImages;
        Console.WriteLine($"Loading Fashion-MNIST ({trainImages} training, {scale.ValidImages} validation and {scale.TestImages} test images{(spec.Translated ? ", translated onto " + scale.Canvas + "×" + scale.Canvas : "")})...");
        using var data = GuidanceData.Load(scale, spec.Translated, trainImages);
        using var store = RunStore.OpenDefault();
        using var bar = Console.IsOutputRedirected ? null : TrainingProgressBar.On(Console.Out);
        ITrainingProgress progress = bar is null ? new ProgressText(Console.Out, TimeSpan.FromSeconds(10)) : bar;
        var result = GuidanceRunner.Run(scale, spec, data, store, TrainingObservers.Progress(progress), reuse);
        Console.WriteLine($"{spec.Target.Label()} {result.Arm} seed {result.Seed}: final train CE {result.TrainLoss[^1]:F4}, final validation CE {result.ValidLoss:F4}, test accuracy final {result.FinalTestAccuracy:P2}, best {result.BestTestAccuracy:P2}" +
                          (double.IsNaN(result.GuideTestAccuracy) ? "" : $" (guide alone {result.GuideTestAccuracy:P2})") +
                          $"; mean CKA over {result.Pairs.Count} pairs {result.CkaBefore.Average():F3} → {result.CkaAfter.Average():F3}; {result.Seconds:F0} s; {(result.Reused ? "reused " : "")}run {result.RunId} in {store.Path}");
        return 0;
    }
}
