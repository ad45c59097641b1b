using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>A small causal (decoder-only) Transformer over tokens, post-LN blocks of self-attention and a ReLU
/// feed-forward, learned positions: the note's copy-task guide (2 layers, d 128, 4 heads, ff 256).</summary>
public sealed record CausalTransformerConfig(long Vocabulary, long Model = 128, long Heads = 4, long FeedForward = 256, int Layers = 2, long MaxLength = 256)
{
    public void Validate()
    {
        if (Vocabulary < 2) throw new ArgumentOutOfRangeException(nameof(Vocabulary), $"CausalTransformer: vocabulary must be >= 2, got {Vocabulary}");
        if (Heads < 1 || Model % Heads != 0) throw new ArgumentOutOfRangeException(nameof(Heads), $"CausalTransformer: heads must divide model ({Model}), got {Heads}");
        if (FeedForward < 1 || Layers < 1 || MaxLength < 1)
            throw new ArgumentOutOfRangeException(nameof(Layers), $"CausalTransformer: feedForward, layers and maxLength must be >= 1, got {FeedForward}, {Layers}, {MaxLength}");
    }
}

/// <summary>x = LN(x + SelfAttention(x)); x = LN(x + W2·relu(W1·x)). Sequence-first inside, [T, N, d].</summary>
public sealed class CausalBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly MultiheadAttention attention;
    private readonly LayerNorm norm1, norm2;
    private readonly Linear linear1, linear2;

    public CausalBlock(long model, long heads, long feedForward) : base(nameof(CausalBlock))
    {
        attention = nn.MultiheadAttention(model, heads);
        norm1 = nn.LayerNorm(model);
        linear1 = nn.Linear(model, feedForward);
        linear2 = nn.Linear(feedForward, model);
        norm2 = nn.LayerNorm(model);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor causalMask)
    {
        using var scope = NewDisposeScope();
        var (attended, _) = attention.call(x, x, x, null, false, causalMask);       // [T, N, d]
        x = norm1.call(x.plus(attended));
        var ff = linear2.call(nn.functional.relu(linear1.call(x)));                   // [T, N, d]
        return norm2.call(x.plus(ff)).MoveToOuterDisposeScope();
    }
}

/// <summary>Tokens [N, T] int64 → logits [N, T, Vocabulary]; position t attends to positions ≤ t.</summary>
public sealed class CausalTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tokens, positions;
    private readonly ModuleList<CausalBlock> blocks = new();
    private readonly Linear head;
    private readonly long maxLength;

    public CausalTransformer(CausalTransformerConfig config) : base(nameof(CausalTransformer))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        maxLength = config.MaxLength;
        tokens = nn.Embedding(config.Vocabulary, config.Model);
        positions = nn.Embedding(config.MaxLength, config.Model);
        for (var i = 0; i < config.Layers; i++) blocks.Add(new CausalBlock(config.Model, config.Heads, config.FeedForward));
        head = nn.Linear(config.Model, config.Vocabulary);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var length = input.shape[1];
        if (length > maxLength) throw new ArgumentException($"CausalTransformer: input has {length} positions: expected at most {maxLength}", nameof(input));
        using var first = 0L.ToScalar();
        using var end = length.ToScalar();
        using var step = 1L.ToScalar();
        var position = arange(first, end, step, ScalarType.Int64, input.device);
        var x = tokens.call(input).plus(positions.call(position)).transpose(0, 1);    // [T, N, d]
        using var minusInfinity = double.NegativeInfinity.ToScalar();
        var mask = ones(length, length, ScalarType.Bool, input.device).triu(1);        // true above the diagonal: masked
        var causal = zeros(length, length, x.dtype, input.device).masked_fill(mask, minusInfinity);
        foreach (var block in blocks) x = block.call(x, causal);
        return head.call(x.transpose(0, 1)).MoveToOuterDisposeScope();                 // [N, T, V]
    }
}
