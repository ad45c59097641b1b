using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>What to do when tying and the last hidden size differs from the embedding size.</summary>
public enum TyingMismatch
{
    /// <summary>Fail with a message naming both sizes (PyTorch's word_language_model behaviour).</summary>
    Error,
    /// <summary>A learned projection d_h -> d_x before the tied classifier.</summary>
    Projection,
    /// <summary>The last recurrent layer is sized d_x (awd-lstm).</summary>
    LastLayerAsEmbedding,
}

/// <summary>The architecture of <see cref="LstmLanguageModel"/>.</summary>
public sealed record LstmLanguageModelConfig(
    int Vocabulary,
    int EmbeddingSize,
    int HiddenSize,
    int Layers = 2,
    double Dropout = 0.3,
    bool Tied = false,
    bool OutputBias = true,
    TyingMismatch Mismatch = TyingMismatch.Error,
    double InitRange = 0.1)
{
    public IReadOnlyList<long> HiddenSizes() =>
        Enumerable.Range(0, Layers)
            .Select(l => l == Layers - 1 && Tied && Mismatch == TyingMismatch.LastLayerAsEmbedding ? (long)EmbeddingSize : HiddenSize)
            .ToList();
}

/// <summary>One forward pass: bias-free logits (for the augmented loss), logits, and the state to carry on.</summary>
public sealed record LanguageModelOutput(Tensor LogitsWithoutBias, Tensor Logits, LstmState State);

/// <summary>
/// The word-level LSTM language model of Inan et al. (after Zaremba et al. and Gal): embedding L, a
/// multi-layer LSTM with variational dropout, and a softmax classifier that is either its own matrix or
/// the tied embedding (W = Lᵀ, "RE"). Weights start in U(±InitRange) as in the paper's code lineage.
/// </summary>
public sealed class LstmLanguageModel : nn.Module<Tensor, LstmState?, LanguageModelOutput>
{
    public LstmLanguageModel(LstmLanguageModelConfig config) : base(nameof(LstmLanguageModel))
    {
        Config = config ?? throw new ArgumentNullException(nameof(config));
        if (config.Vocabulary <= 1 || config.EmbeddingSize <= 0 || config.HiddenSize <= 0 || config.Layers <= 0)
            throw new ArgumentException($"LstmLanguageModel: invalid sizes in {config}");
        encoder = nn.Embedding(config.Vocabulary, config.EmbeddingSize);
        var hidden = config.HiddenSizes();
        rnn = new VariationalLstm(config.EmbeddingSize, hidden, config.Dropout);
        var last = hidden[^1];
        decoder = config.Tied
            ? new TiedLinearHead(encoder, last, config.OutputBias, projection: config.Mismatch == TyingMismatch.Projection)
            : new UntiedLinearHead(last, config.Vocabulary, config.OutputBias);
        register_module("encoder", encoder);
        register_module("rnn", rnn);
        register_module("decoder", decoder);
        using var _ = no_grad();
        foreach (var p in parameters()) nn.init.uniform_(p, -config.InitRange, config.InitRange);
        decoder.bias?.zero_();
    }

    public LstmLanguageModelConfig Config { get; }
    public Embedding encoder { get; }
    public VariationalLstm rnn { get; }
    public OutputHead decoder { get; }

    /// <summary>The input embedding matrix E [V, d_x] (ỹ of the augmented loss is built from it).</summary>
    public Parameter Embedding => TiedLinearHead.SharedWeight(encoder);

    public LstmState ZeroState(long batch) => rnn.ZeroState(batch);

    /// <summary>input [T, N] word ids -> logits [T·N, V] in time-major order, and the new state.</summary>
    public override LanguageModelOutput forward(Tensor input, LstmState? state = null)
    {
        var shape = input.shape;
        if (shape.Length != 2) throw new ArgumentException($"LstmLanguageModel: input has shape [{string.Join(", ", shape)}]: expected [T, N]");
        using var scope = NewDisposeScope();
        var (hidden, next) = rnn.call(encoder.call(input), state);                            // [T, N, H]
        var head = decoder.call(hidden.view(-1, hidden.size(2))).MoveToOuterDisposeScope();   // [T·N, V]
        return new LanguageModelOutput(head.LogitsWithoutBias, head.Logits, next.MoveToOuterDisposeScope());
    }
}
