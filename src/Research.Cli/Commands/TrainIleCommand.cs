using System.CommandLine;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Ile;

namespace Research.Cli.Commands;

/// <summary><c>research train ile --config file.json</c>: one run of the ILE experiment (paper 2, a reconstruction).</summary>
internal static class TrainIleCommand
{
    internal static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "JSON file: scale, data (synthetic, molecules), embedding (learned, wl), seed, temperature, pooling, augmentation rates, pgd options.",
            Required = true,
        };
        var ile = new Command("ile", "Learned output embedding (contrastive ψ) or a fixed WL kernel, a character Transformer regressed onto it, " +
                                     "candidate and projected-gradient decoding, scored by graph edit distance (Yang et al. 2024, reconstructed).") { config };
        ile.SetAction(parse => UserErrors.Report("train ile", () => Train(parse.GetValue(config)!)));
        return ile;
    }

    private static int Train(string path)
    {
        var config = TrainIleConfig.Read(path);
        TorchRuntime.EnsureLoaded();
        var scale = IleScale.Named(config.Scale);
        var data = IleData.Named(config.Data, scale);
        Console.WriteLine($"{data.Name}: {data.Train.Count} train, {data.Valid.Count} valid, {data.Test.Count} test graphs; up to {data.Slots} nodes; {config.Embedding} ψ, {scale.Name} scale");
        using var store = RunStore.OpenDefault();
        var result = IleRunner.Run(config, data, store);
        Console.WriteLine("decoder     GED w/  GED w/o  exact  outside-train  GED upper bounds");
        foreach (var d in result.Decoders)
            Console.WriteLine($"{d.Decoder,-10} {d.Scores.MeanGedWithEdges,7:F3} {d.Scores.MeanGedWithoutEdges,8:F3} {d.Scores.ExactMatch,6:F3} {d.Scores.OutsideTraining,14:F3} {d.Scores.UpperBoundsWithEdges + d.Scores.UpperBoundsWithoutEdges,17}");
        Console.WriteLine($"seconds: ψ {result.ContrastiveSeconds:F0}, regression {result.RegressionSeconds:F0}, decoding and GED {result.DecodingSeconds:F0}, direct baseline {result.DirectSeconds:F0}; run {result.RunId} in {store.Path}");
        return 0;
    }
}
