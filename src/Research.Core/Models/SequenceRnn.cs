using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>A token-level tanh RNN: embedding, <paramref name="Layers"/> single-layer RNNs stacked (each one a guidance
/// layer, as the authors' 4-layer RNN records 4), a Linear to the vocabulary. The guidance paper's copy-task target.</summary>
public sealed record SequenceRnnConfig(long Vocabulary, long Embedding = 64, long Hidden = 128, int Layers = 2)
{
    public void Validate()
    {
        if (Vocabulary < 2) throw new ArgumentOutOfRangeException(nameof(Vocabulary), $"SequenceRnn: vocabulary must be >= 2, got {Vocabulary}");
        if (Embedding < 1 || Hidden < 1) throw new ArgumentOutOfRangeException(nameof(Hidden), $"SequenceRnn: embedding and hidden must be >= 1, got {Embedding} and {Hidden}");
        if (Layers < 1) throw new ArgumentOutOfRangeException(nameof(Layers), $"SequenceRnn: layers must be >= 1, got {Layers}");
    }
}

/// <summary>Tokens [N, T] int64 → logits [N, T, Vocabulary].</summary>
public sealed class SequenceRnn : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly ModuleList<RNN> layers = new();
    private readonly Linear head;

    public SequenceRnn(SequenceRnnConfig config) : base(nameof(SequenceRnn))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        embedding = nn.Embedding(config.Vocabulary, config.Embedding);
        for (var i = 0; i < config.Layers; i++)
            layers.Add(nn.RNN(i == 0 ? config.Embedding : config.Hidden, config.Hidden, nonLinearity: nn.NonLinearities.Tanh, batchFirst: true));
        head = nn.Linear(config.Hidden, config.Vocabulary);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var x = embedding.call(tokens);                     // [N, T, E]
        foreach (var rnn in layers) (x, _) = rnn.call(x, null);   // [N, T, H]
        return head.call(x).MoveToOuterDisposeScope();      // [N, T, V]
    }
}
