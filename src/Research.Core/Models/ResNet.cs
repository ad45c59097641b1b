using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// A CIFAR-style ResNet of BasicBlocks (He et al. 2016): a 3×3 stem of <paramref name="Width"/> channels, one stage per
/// entry of <paramref name="Blocks"/> (channels doubling, stride 2 from the second stage on, a 1×1 conv + BN shortcut
/// where the shape changes), global average pooling and a Linear head. [2, 2, 2, 2] is ResNet-18's layout (guidance
/// records 21 layers: 17 convs, 3 shortcut convs, the pooling); [1, 1, 1] is the note's ResNet-8 guide (10 layers).
/// With <paramref name="Residual"/> false it is the plain network of the same depth: no shortcuts, BN kept.
/// </summary>
public sealed record ResNetConfig(int[] Blocks, long Width = 16, long InChannels = 1, long Classes = 10, bool Residual = true)
{
    public static ResNetConfig ResNet18(long width = 16, long inChannels = 1, long classes = 10) => new([2, 2, 2, 2], width, inChannels, classes);
    public static ResNetConfig ResNet8(long width = 16, long inChannels = 1, long classes = 10) => new([1, 1, 1], width, inChannels, classes);

    public void Validate()
    {
        if (Blocks is null || Blocks.Length == 0 || Blocks.Any(b => b < 1))
            throw new ArgumentException($"ResNet: blocks must be a non-empty list of counts >= 1, got [{string.Join(", ", Blocks ?? [])}]", nameof(Blocks));
        if (Width < 1) throw new ArgumentOutOfRangeException(nameof(Width), $"ResNet: width must be >= 1, got {Width}");
        if (InChannels < 1) throw new ArgumentOutOfRangeException(nameof(InChannels), $"ResNet: inChannels must be >= 1, got {InChannels}");
        if (Classes < 2) throw new ArgumentOutOfRangeException(nameof(Classes), $"ResNet: classes must be >= 2, got {Classes}");
    }
}

/// <summary>conv3×3 → BN → ReLU → conv3×3 → BN, plus the (projected) input when residual, → ReLU.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Sequential? shortcut;

    public BasicBlock(long inChannels, long outChannels, long stride, bool residual) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        Residual = residual;
        if (residual && (stride != 1 || inChannels != outChannels))
            shortcut = nn.Sequential(("conv", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("bn", nn.BatchNorm2d(outChannels)));
        RegisterComponents();
    }

    public bool Residual { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(bn1.call(conv1.call(x)));
        y = bn2.call(conv2.call(y));
        if (Residual) y = y.plus(shortcut is null ? x : shortcut.call(x));
        return nn.functional.relu(y).MoveToOuterDisposeScope();
    }
}

/// <summary>Images [N, C, H, W] → logits [N, Classes].</summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d stem;
    private readonly BatchNorm2d stemBn;
    private readonly Sequential stages;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Linear head;

    public ResNet(ResNetConfig config) : base(config?.Residual == false ? "PlainCnn" : nameof(ResNet))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        stem = nn.Conv2d(config.InChannels, config.Width, 3, padding: 1, bias: false);
        stemBn = nn.BatchNorm2d(config.Width);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var channels = config.Width;
        for (var s = 0; s < config.Blocks.Length; s++)
        {
            var outChannels = config.Width << s;
            for (var b = 0; b < config.Blocks[s]; b++)
            {
                layers.Add(($"stage{s + 1}_{b + 1}", new BasicBlock(channels, outChannels, s > 0 && b == 0 ? 2 : 1, config.Residual)));
                channels = outChannels;
            }
        }
        stages = nn.Sequential(layers);
        pool = nn.AdaptiveAvgPool2d(1);
        head = nn.Linear(channels, config.Classes);
        RegisterComponents();
    }

    public ResNetConfig Config { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(stemBn.call(stem.call(input)));        // [N, W, H, W']
        x = stages.call(x);                                                // [N, W·2^(S−1), H/2^(S−1), …]
        x = pool.call(x).flatten(1);                                       // [N, W·2^(S−1)]
        return head.call(x).MoveToOuterDisposeScope();                     // [N, Classes]
    }
}
