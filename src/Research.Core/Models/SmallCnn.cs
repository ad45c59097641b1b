using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// The small CNN of labo.md §4.2: Conv3×3(w) → BN → ReLU → MaxPool → Conv3×3(2w) → BN → ReLU → MaxPool → Dropout →
/// FC 128 → ReLU → FC K. Width 16 on 28×28 Fashion-MNIST has about 207k parameters; 3-channel 32×32 inputs (CIFAR) work too.
/// </summary>
public sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    public SmallCnn(int channels, int side, int classes, int width = 16, double dropout = 0.3) : base(nameof(SmallCnn))
    {
        if (channels < 1 || side < 4 || side % 4 != 0 || classes < 2 || width < 1 || dropout is < 0 or >= 1)
            throw new ArgumentException($"SmallCnn: got channels {channels}, side {side}, classes {classes}, width {width}, dropout {dropout}: expected channels >= 1, side a multiple of 4, classes >= 2, width >= 1, dropout in [0, 1)");
        features = nn.Sequential(
            nn.Conv2d(channels, width, 3, padding: 1), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),          // [N, w, s/2, s/2]
            nn.Conv2d(width, 2 * width, 3, padding: 1), nn.BatchNorm2d(2 * width), nn.ReLU(), nn.MaxPool2d(2));  // [N, 2w, s/4, s/4]
        classifier = nn.Sequential(
            nn.Flatten(), nn.Dropout(dropout), nn.Linear(2L * width * (side / 4) * (side / 4), 128), nn.ReLU(), nn.Linear(128, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => classifier.call(features.call(input));   // [N, K]
}
