using System.CommandLine;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Labo;
using Research.Core.Training;

namespace Research.Cli.Commands;

/// <summary><c>research train labo --config file.json</c>: one run of the LABO-R image experiment (paper 3).</summary>
internal static class TrainLaboCommand
{
    internal static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "JSON file: scale, dataSet, dataFolder, noise, method (ce, ls, ls-pytorch, tf-kd-reg, labo-r, labo-r-budget), alpha, temperature, entropyRatio, seed, epochs, subset, validation, width, checkpoints.",
            Required = true,
        };
        var reuse = new Option<bool>("--reuse") { Description = "Return a completed run of the same config, seed and code revision from the run store instead of training again." };
        var labo = new Command("labo", "Train the small CNN on Fashion-MNIST (or CIFAR) with label noise under CE, LS, TF-KD_reg or LABO-R " +
                                       "(a reconstruction of Lu et al. 2023). Checkpoints every epoch; running the same config again resumes.") { config, reuse };
        labo.SetAction(parse => UserErrors.Report("train labo", () => Train(parse.GetValue(config)!, parse.GetValue(reuse))));
        return labo;
    }

    private static int Train(string path, bool reuse)
    {
        var config = TrainLaboConfig.Read(path);
        var spec = config.Spec();
        TorchRuntime.EnsureLoaded();   // applies RESEARCH_NUM_THREADS before the first tensor
        using var store = RunStore.OpenDefault();
        using var bar = Console.IsOutputRedirected ? null : TrainingProgressBar.On(Console.Out);
        ITrainingProgress progress = bar is null ? new ProgressText(Console.Out, TimeSpan.FromSeconds(10)) : bar;
        Console.WriteLine($"{spec.DataSet} (subset {spec.Subset}, symmetric noise {spec.Noise:P0}, seed {spec.Seed}){(reuse ? ", or a stored run" : "")}...");
        var result = LaboRunner.RunAll([spec], store, TrainingObservers.Progress(progress), config.Checkpoints, reuse).Single().Result;
        Console.WriteLine($"{result.Label}, noise {result.Noise:P0}, seed {result.Seed}: test top-1 {result.Test.Top1:P2}, NLL {result.Test.Nll:F4}, ECE {result.Test.Ece:P2}; " +
                          $"valid top-1 {result.Valid.Top1:P2}; clean-label train top-1 {result.TrainCleanTop1:P2}; {result.Epochs} epochs in {result.Seconds:F0} s; {(result.Reused ? "reused " : "")}run {result.RunId} in {store.Path}");
        return 0;
    }
}
