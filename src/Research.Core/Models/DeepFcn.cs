using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>A deep fully connected classifier: <paramref name="Depth"/> hidden blocks [Linear, BN, ReLU, Dropout] of
/// <paramref name="Width"/> units, then a Linear to the classes (the guidance paper's Deep FCN shape, mlp.py).
/// Without <paramref name="BatchNorm"/> the blocks are [Linear, ReLU, Dropout].</summary>
public sealed record DeepFcnConfig(long Inputs, int Depth = 20, long Width = 256, long Classes = 10, double Dropout = 0.1, bool BatchNorm = true)
{
    public void Validate()
    {
        if (Inputs < 1) throw new ArgumentOutOfRangeException(nameof(Inputs), $"DeepFcn: inputs must be >= 1, got {Inputs}");
        if (Depth < 1) throw new ArgumentOutOfRangeException(nameof(Depth), $"DeepFcn: depth must be >= 1, got {Depth}");
        if (Width < 1) throw new ArgumentOutOfRangeException(nameof(Width), $"DeepFcn: width must be >= 1, got {Width}");
        if (Classes < 2) throw new ArgumentOutOfRangeException(nameof(Classes), $"DeepFcn: classes must be >= 2, got {Classes}");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentOutOfRangeException(nameof(Dropout), $"DeepFcn: dropout must be in [0, 1), got {Dropout}");
    }
}

/// <summary>Input [N, ...] flattened to [N, Inputs] → logits [N, Classes]. Guidance records the Depth hidden Linears.</summary>
public sealed class DeepFcn : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> blocks = new();
    private readonly Linear head;

    public DeepFcn(DeepFcnConfig config) : base(nameof(DeepFcn))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        for (var i = 0; i < config.Depth; i++)
        {
            var block = new List<(string, nn.Module<Tensor, Tensor>)> { ("linear", nn.Linear(i == 0 ? config.Inputs : config.Width, config.Width)) };
            if (config.BatchNorm) block.Add(("bn", nn.BatchNorm1d(config.Width)));
            block.Add(("relu", nn.ReLU()));
            block.Add(("dropout", nn.Dropout(config.Dropout)));
            blocks.Add(nn.Sequential(block));
        }
        head = nn.Linear(config.Width, config.Classes);
        RegisterComponents();
    }

    public DeepFcnConfig Config { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.reshape(input.shape[0], -1);                     // [N, Inputs]
        if (x.shape[1] != Config.Inputs)
            throw new ArgumentException($"DeepFcn: input has shape [{string.Join(", ", input.shape)}] = {x.shape[1]} features per example: expected {Config.Inputs}", nameof(input));
        foreach (var block in blocks) x = block.call(x);              // [N, Width]
        return head.call(x).MoveToOuterDisposeScope();                // [N, Classes]
    }
}
