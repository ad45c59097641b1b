using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Research.Core.Data.Cache;
using Research.Core.Data.Formats;

namespace Research.Core.Data.Images;

/// <summary>
/// Fashion-MNIST from Debian's <c>dataset-fashion-mnist</c>: the 60k/10k split, a seeded validation split carved out
/// of the 60k, an optional training subset, and optional label noise on the training labels only. The cache holds
/// the index lists and the (noisy) training labels; the images are read from the package at load time.
/// </summary>
public sealed class FashionMnistRecipe(string sourceFolder = FashionMnistRecipe.DebianFolder) : DataSetRecipe
{
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";
    public const int Classes = 10;

    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public override string Name => "fashion-mnist";
    public override string Description => "Fashion-MNIST 28x28 images, 10 classes: 60k train (minus validation) / 10k test, optional subset and label noise";
    public override int PreprocessingVersion => 1;

    public string SourceFolder { get; } = sourceFolder;

    public override IReadOnlyList<DebianPackage> Packages =>
        SourceFolder == DebianFolder ? [new DebianPackage("dataset-fashion-mnist", Path.Combine(DebianFolder, "train-images-idx3-ubyte.gz"))] : [];

    public override IReadOnlyList<DataOption> Options { get; } =
    [
        new("validation", "5000", "training images held out as a clean validation split"),
        new("split-seed", "0", "seed of the validation split and of the subset"),
        new("subset", "0", "keep only this many training images (0: all that remain after validation)"),
        new("noise", "none", "label noise on the training split: none, symmetric or pairwise"),
        new("noise-rate", "0", "fraction of training labels flipped"),
        new("noise-seed", "0", "seed of the label noise"),
    ];

    protected override BuildResult Build(string folder, IReadOnlyDictionary<string, string> options, TextWriter? log)
    {
        var train = MnistStyleFolder.ReadTrain(SourceFolder);
        var test = MnistStyleFolder.ReadTest(SourceFolder);
        var validation = IntOption(options, "validation", 0, train.Count - 1);
        var splitSeed = IntOption(options, "split-seed", 0);
        var subset = IntOption(options, "subset", 0, train.Count - validation);
        var noise = LabelNoise.Parse(ChoiceOption(options, "noise", "none", "symmetric", "pairwise"));
        var rate = DoubleOption(options, "noise-rate", 0, 1);
        var noiseSeed = IntOption(options, "noise-seed", 0);
        if (noise == LabelNoiseKind.None && rate != 0)
            throw new ArgumentException($"{Name} option 'noise-rate' is {rate} but 'noise' is none: expected noise symmetric or pairwise");

        var order = SeededPermutation.Of(train.Count, splitSeed);
        var validIndex = order[..validation].Order().ToArray();
        var pool = order[validation..];
        var trainIndex = (subset > 0 ? pool[..subset] : pool).Order().ToArray();
        var cleanLabels = trainIndex.Select(i => train.Labels[i]).ToArray();
        var noisy = LabelNoise.Apply(cleanLabels, Classes, noise, rate, noiseSeed);

        IdxFile.Write(Path.Combine(folder, "train-index.idx"), IdxArray.Of(trainIndex, trainIndex.Length), gzip: false);
        IdxFile.Write(Path.Combine(folder, "train-labels.idx"), IdxArray.Of(noisy.Labels, noisy.Labels.Length), gzip: false);
        IdxFile.Write(Path.Combine(folder, "valid-index.idx"), IdxArray.Of(validIndex, validIndex.Length), gzip: false);

        var (mean, std) = PixelMoments(train.Images);
        var statistics = new JsonObject
        {
            ["pixel_mean"] = Math.Round(mean, 6),
            ["pixel_std"] = Math.Round(std, 6),
            ["image_shape"] = new JsonArray(1, train.Height, train.Width),
            ["classes"] = new JsonArray(ClassNames.Select(n => (JsonNode)n).ToArray()),
            ["splits"] = new JsonObject
            {
                ["train"] = SplitStatistics(noisy.Labels),
                ["train_clean"] = SplitStatistics(cleanLabels),
                ["valid"] = SplitStatistics(validIndex.Select(i => train.Labels[i]).ToArray()),
                ["test"] = SplitStatistics(test.Labels),
            },
            ["label_noise"] = new JsonObject
            {
                ["kind"] = LabelNoise.NameOf(noise),
                ["requested_rate"] = rate,
                ["flipped"] = noisy.Flipped,
                ["realised_rate"] = Math.Round(noisy.RealisedRate, 6),
                ["seed"] = noiseSeed,
                ["transitions_clean_to_noisy"] = Matrix(noisy.Transitions),
            },
        };
        var package = Packages.FirstOrDefault();
        var sources = new[] { train.ImagesPath, train.LabelsPath, test.ImagesPath, test.LabelsPath }
            .Select(p => new ManifestSource(package?.Name ?? "(folder)", package?.InstalledVersion() ?? "n/a", $"{p} sha256={Sha256Of(p)}"))
            .ToList();
        return new BuildResult(["train-index.idx", "train-labels.idx", "valid-index.idx"], sources, statistics);
    }

    private static JsonObject SplitStatistics(byte[] labels)
    {
        var perClass = new int[Classes];
        foreach (var l in labels) perClass[l]++;
        return new JsonObject
        {
            ["images"] = labels.Length,
            ["per_class"] = new JsonArray(perClass.Select(c => (JsonNode)c).ToArray()),
        };
    }

    private static JsonArray Matrix(long[,] m) =>
        new(Enumerable.Range(0, m.GetLength(0))
            .Select(r => (JsonNode)new JsonArray(Enumerable.Range(0, m.GetLength(1)).Select(c => (JsonNode)m[r, c]).ToArray()))
            .ToArray());

    /// <summary>Mean and standard deviation of the pixels scaled to [0, 1], over the whole training file.</summary>
    public static (double Mean, double Std) PixelMoments(byte[] pixels)
    {
        var histogram = new long[256];
        foreach (var p in pixels) histogram[p]++;
        double sum = 0, squares = 0;
        for (var v = 0; v < 256; v++)
        {
            var x = v / 255.0;
            sum += histogram[v] * x;
            squares += histogram[v] * x * x;
        }
        var mean = sum / pixels.Length;
        return (mean, Math.Sqrt(squares / pixels.Length - mean * mean));
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
