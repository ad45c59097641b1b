using Research.Core.Data.Cache;
using Research.Core.Data.Formats;
using Research.Core.Data.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Data;

public sealed class FashionMnistTests
{
    /// <summary>An MNIST-layout folder with n training and m test images of 4x4 pixels; label i % 10.</summary>
    private static void WriteFixture(string folder, int n, int m, int? labelCount = null)
    {
        byte[] Pixels(int count, int offset) => Enumerable.Range(0, count * 16).Select(i => (byte)((i + offset) % 256)).ToArray();
        IdxFile.Write(Path.Combine(folder, "train-images-idx3-ubyte.gz"), IdxArray.Of(Pixels(n, 0), n, 4, 4), gzip: true);
        IdxFile.Write(Path.Combine(folder, "train-labels-idx1-ubyte.gz"),
            IdxArray.Of(Enumerable.Range(0, labelCount ?? n).Select(i => (byte)(i % 10)).ToArray(), labelCount ?? n), gzip: true);
        IdxFile.Write(Path.Combine(folder, "t10k-images-idx3-ubyte"), IdxArray.Of(Pixels(m, 7), m, 4, 4), gzip: false);
        IdxFile.Write(Path.Combine(folder, "t10k-labels-idx1-ubyte"), IdxArray.Of(Enumerable.Range(0, m).Select(i => (byte)(i % 10)).ToArray(), m), gzip: false);
    }

    [Fact]
    public void Fixture_folder_gives_seeded_splits_subset_and_exact_label_noise()
    {
        using var source = new TempFolder();
        using var cache = new TempFolder();
        WriteFixture(source.Path, n: 200, m: 30);
        var options = new FashionMnistOptions(Validation: 40, SplitSeed: 3, Subset: 100, Noise: LabelNoiseKind.Pairwise, NoiseRate: 0.25, NoiseSeed: 9);
        using var data = FashionMnist.Load(options, new DataCache(cache.Path), normalise: false, sourceFolder: source.Path);

        Assert.Equal(new long[] { 100, 1, 4, 4 }, data.Train.Images.shape);
        Assert.Equal(40, data.Valid.Count);
        Assert.Equal(30, data.Test.Count);
        var noisy = data.Train.Labels.data<long>().ToArray();
        var clean = data.TrainCleanLabels.data<long>().ToArray();
        var flipped = Enumerable.Range(0, 100).Where(i => noisy[i] != clean[i]).ToList();
        Assert.Equal(25, flipped.Count);
        Assert.All(flipped, i => Assert.Equal((clean[i] + 1) % 10, noisy[i]));
        var noise = data.Manifest!.Statistics["label_noise"]!;
        Assert.Equal(25, noise["flipped"]!.GetValue<int>());
        Assert.Equal(0.25, noise["realised_rate"]!.GetValue<double>());
        // Images are the uint8 pixels / 255 of the rows the split chose.
        Assert.Equal(0.0, data.Test.Images.data<float>().ToArray()[249], 6);
        Assert.Equal(7 / 255.0, data.Test.Images.data<float>().ToArray()[0], 6);
    }

    [Fact]
    public void Label_count_that_differs_from_image_count_names_both_files()
    {
        using var source = new TempFolder();
        WriteFixture(source.Path, n: 20, m: 5, labelCount: 19);
        var e = Assert.Throws<InvalidDataException>(() => MnistStyleFolder.ReadTrain(source.Path));
        Assert.Contains("train-labels-idx1-ubyte.gz: expected 20 labels, one per image in", e.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("but found 19", e.Message);
    }

    [Fact]
    public void Missing_folder_file_names_both_candidates()
    {
        using var source = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => MnistStyleFolder.ReadTest(source.Path));
        Assert.Contains("t10k-images-idx3-ubyte.gz: expected an MNIST-style IDX file", e.Message);
    }

    /// <summary>The real Debian data set, prepared into a temporary cache.</summary>
    [Fact]
    public void Debian_fashion_mnist_has_60k_10k_and_standardised_pixels()
    {
        using var cache = new TempFolder();
        var options = new FashionMnistOptions(Noise: LabelNoiseKind.Symmetric, NoiseRate: 0.4, NoiseSeed: 1);
        using var data = FashionMnist.Load(options, new DataCache(cache.Path));
        var stats = data.Manifest!.Statistics;

        Assert.Equal(0.2860, stats["pixel_mean"]!.GetValue<double>(), 4);
        Assert.Equal(0.3530, stats["pixel_std"]!.GetValue<double>(), 4);
        Assert.Equal(new long[] { 55000, 1, 28, 28 }, data.Train.Images.shape);
        Assert.Equal(5000, data.Valid.Count);
        Assert.Equal(10000, data.Test.Count);
        Assert.All(stats["splits"]!["test"]!["per_class"]!.AsArray(), c => Assert.Equal(1000, c!.GetValue<int>()));
        Assert.Equal(22000, stats["label_noise"]!["flipped"]!.GetValue<int>());
        using (torch.NewDisposeScope())
        {
            var images = data.Train.Images;
            Assert.Equal(0.0, images.mean().item<float>(), 2);
            Assert.Equal(1.0, images.std().item<float>(), 2);
            var agree = data.Train.Labels.eq(data.TrainCleanLabels).to(ScalarType.Float64).mean().item<double>();
            Assert.Equal(0.6, agree, 6);
        }
        var again = new FashionMnistRecipe().Prepare(new DataCache(cache.Path), options.ToDictionary());
        Assert.False(again.Built);
    }
}
