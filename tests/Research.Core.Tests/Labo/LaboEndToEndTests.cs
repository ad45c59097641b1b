using Research.Core.Data.Formats;
using Research.Core.Experiments.Labo;
using Research.Core.Tests.Data;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>
/// The LABO-R image experiment end to end through the kit's trainer: under 40% symmetric noise on a 1k-image
/// Fashion-MNIST subset (the quick scale: 20 epochs, width 8), LS and LABO-R (α = 0.3, T = 1) both end above CE on the clean test set;
/// and the same config runs on a generated CIFAR-10 folder.
/// </summary>
public sealed class LaboEndToEndTests(ITestOutputHelper output)
{
    private static readonly LaboScale Quick = LaboScale.Quick;

    private static LaboRunSpec Spec(LaboMethod method) =>
        new(Quick, "fashion-mnist", null, Noise: 0.4, method, Seed: 1, Quick.Epochs, Quick.Subset, Quick.Validation, Quick.Width);

    [Fact]
    [Trait("Category", "Slow")]
    public void Ls_and_labo_r_beat_ce_under_40_percent_noise()
    {
        using var folder = new TempFolder();
        using var data = LaboData.Load("fashion-mnist", null, Quick.Subset, Quick.Validation, noiseRate: 0.4, noiseSeed: 1);
        Assert.Equal(1000, data.Train.Count);
        var flipped = data.Train.Labels.ne(data.TrainCleanLabels).sum().item<long>();
        Assert.Equal(400, flipped);                                                   // training labels only, exactly 40%
        var results = new[] { LaboMethod.Ce, LaboMethod.Ls(0.3), LaboMethod.LaboR(0.3, 1) }
            .Select(m => LaboRunner.Run(Spec(m), data, store: null, observer: null, folder.Path))
            .ToArray();
        foreach (var r in results)
            output.WriteLine($"{r.Label}: test top-1 {r.Test.Top1:P2}, NLL {r.Test.Nll:F4}, ECE {r.Test.Ece:P2}, clean train top-1 {r.TrainCleanTop1:P2}, {r.Seconds:F1} s");
        var (ce, ls, labo) = (results[0].Test.Top1, results[1].Test.Top1, results[2].Test.Top1);
        Assert.True(ls > ce + 0.01, $"LS {ls:P2} does not beat CE {ce:P2} by a point");
        Assert.True(labo > ce + 0.01, $"LABO-R {labo:P2} does not beat CE {ce:P2} by a point");
    }

    [Fact]
    public void The_same_config_runs_on_a_generated_cifar10_folder()
    {
        using var folder = new TempFolder();
        var cifar = Directory.CreateDirectory(folder.File("cifar10")).FullName;
        var random = new Random(3);
        foreach (var (file, count) in CifarBinary.TrainFiles(CifarKind.Cifar10).Select(f => (f, 40)).Append((CifarBinary.TestFile(CifarKind.Cifar10), 50)))
        {
            var bytes = new byte[count * CifarBinary.RecordBytes(CifarKind.Cifar10)];
            random.NextBytes(bytes);
            for (var r = 0; r < count; r++) bytes[r * CifarBinary.RecordBytes(CifarKind.Cifar10)] = (byte)(r % 10);
            File.WriteAllBytes(Path.Combine(cifar, file), bytes);
        }
        var config = folder.File("cifar.json");
        File.WriteAllText(config, $$"""
            { "scale": "quick", "dataSet": "cifar10", "dataFolder": "{{cifar}}", "noise": 0.2, "method": "labo-r-budget",
              "alpha": 0.1, "entropyRatio": 0.8, "seed": 2, "epochs": 2, "subset": 150, "validation": 40, "width": 4 }
            """);
        var spec = TrainLaboConfig.Read(config).Spec();
        using var data = LaboData.Load(spec.DataSet, spec.DataFolder, spec.Subset, spec.Validation, spec.Noise, spec.Seed);
        Assert.Equal([150L, 3, 32, 32], data.Train.Images.shape);
        Assert.Equal(30, data.Train.Labels.ne(data.TrainCleanLabels).sum().item<long>());
        Assert.Equal(40, data.Valid.Count);
        var result = LaboRunner.Run(spec, data, store: null, observer: null, folder.File("checkpoints"));
        Assert.Equal(2, result.Epochs);
        Assert.True(double.IsFinite(result.Test.Nll) && result.Test.Top1 is >= 0 and <= 1 && result.Test.Ece is >= 0 and <= 1);
        Assert.Equal(50, result.Test.Bins.Sum(b => b.Count));
    }
}
