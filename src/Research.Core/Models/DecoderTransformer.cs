using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// The size of a <see cref="DecoderTransformer"/>: vocabulary, longest sequence, layers, heads, width, dropout, and
/// optionally a value per token (0 for tokens without one) that the input embedding adds along a learned direction.
/// </summary>
public sealed record DecoderTransformerConfig(int Vocabulary, int BlockSize, int Layers = 2, int Heads = 4, int Width = 64, double Dropout = 0.0,
    IReadOnlyList<double>? TokenValues = null)
{
    public void Validate()
    {
        if (Vocabulary <= 0 || BlockSize <= 0 || Layers <= 0 || Heads <= 0 || Width <= 0)
            throw new ArgumentException($"DecoderTransformer: vocabulary, blockSize, layers, heads and width must be positive, got {this}");
        if (Width % Heads != 0) throw new ArgumentException($"DecoderTransformer: width {Width} is not a multiple of heads {Heads}");
        if (!(Dropout is >= 0 and < 1)) throw new ArgumentException($"DecoderTransformer: dropout must be in [0, 1), got {Dropout}");
        if (TokenValues is not null && TokenValues.Count != Vocabulary)
            throw new ArgumentException($"DecoderTransformer: tokenValues has {TokenValues.Count} entries: expected one per token ({Vocabulary})");
    }
}

/// <summary>Multi-head self-attention in which position t sees only positions ≤ t.</summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear projection;
    private readonly Dropout dropout;
    private readonly int heads;

    public CausalSelfAttention(DecoderTransformerConfig config) : base(nameof(CausalSelfAttention))
    {
        heads = config.Heads;
        qkv = nn.Linear(config.Width, 3 * config.Width);
        projection = nn.Linear(config.Width, config.Width);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var split = qkv.call(x).split(c, 2);                                               // 3 × (B, T, C)
        Tensor Heads(Tensor a) => a.view(b, t, heads, c / heads).transpose(1, 2);          // (B, H, T, C/H)
        var (q, k, v) = (Heads(split[0]), Heads(split[1]), Heads(split[2]));
        var scores = q.matmul(k.transpose(2, 3)).times(1.0 / Math.Sqrt(c / heads));          // (B, H, T, T)
        var future = ones(t, t, ScalarType.Bool, x.device).triu(1);                          // true above the diagonal: masked
        scores = scores.masked_fill_kept(future, double.NegativeInfinity);
        var attention = dropout.call(scores.softmax(3));
        var y = attention.matmul(v).transpose(1, 2).contiguous().view(b, t, c);             // (B, T, C)
        return dropout.call(projection.call(y));
    }
}

/// <summary>One pre-norm block: x + attention(norm(x)), then x + MLP(norm(x)).</summary>
public sealed class DecoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly CausalSelfAttention attention;
    private readonly LayerNorm norm2;
    private readonly Sequential mlp;

    public DecoderBlock(DecoderTransformerConfig config) : base(nameof(DecoderBlock))
    {
        norm1 = nn.LayerNorm(config.Width);
        attention = new CausalSelfAttention(config);
        norm2 = nn.LayerNorm(config.Width);
        mlp = nn.Sequential(nn.Linear(config.Width, 4 * config.Width), nn.GELU(), nn.Linear(4 * config.Width, config.Width), nn.Dropout(config.Dropout));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x.plus(attention.call(norm1.call(x)));
        return x.plus(mlp.call(norm2.call(x)));
    }
}

/// <summary>
/// A small GPT-style decoder (as nanoGPT's model.py): token and learned position embeddings, pre-norm blocks of
/// causal self-attention and MLP, a final norm and a linear head. Tokens [B, T] int64 → next-token logits [B, T, V].
/// </summary>
public sealed class DecoderTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding positions;
    private readonly Linear? valueDirection;
    private readonly Tensor? tokenValues;
    private readonly Dropout dropout;
    private readonly ModuleList<DecoderBlock> blocks;
    private readonly LayerNorm norm;
    private readonly Linear head;

    public DecoderTransformer(DecoderTransformerConfig config) : base(nameof(DecoderTransformer))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        tokens = nn.Embedding(config.Vocabulary, config.Width);
        positions = nn.Embedding(config.BlockSize, config.Width);
        if (config.TokenValues is { } values)
        {
            valueDirection = nn.Linear(1, config.Width, hasBias: false);
            tokenValues = tensor(values.ToArray(), [config.Vocabulary, 1], ScalarType.Float32);
        }
        dropout = nn.Dropout(config.Dropout);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new DecoderBlock(config)).ToArray());
        norm = nn.LayerNorm(config.Width);
        head = nn.Linear(config.Width, config.Vocabulary);
        RegisterComponents();
        using (no_grad())
            foreach (var (name, p) in named_parameters())
                if (name.EndsWith("weight", StringComparison.Ordinal) && p.dim() == 2) nn.init.normal_(p, 0, 0.02);   // GPT-2's initialisation
    }

    public DecoderTransformerConfig Config { get; }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 2 || input.dtype != ScalarType.Int64)
            throw new ArgumentException($"DecoderTransformer: input has shape [{string.Join(", ", input.shape)}] ({input.dtype}): expected int64 [B, T]", nameof(input));
        var t = input.shape[1];
        if (t > Config.BlockSize) throw new ArgumentException($"DecoderTransformer: input has {t} positions: expected at most blockSize {Config.BlockSize}", nameof(input));
        using var zero = 0.ToScalar();
        using var length = t.ToScalar();
        var position = arange(zero, length, KeptScalars.One, ScalarType.Int64, input.device);    // (T)
        var x = tokens.call(input).plus(positions.call(position));                                // (B, T, C)
        // A from-scratch model has no number sense that a pretrained one brings; the value feature stands in for it.
        if (valueDirection is not null) x = x.plus(valueDirection.call(tokenValues!.to(x.dtype).index_select(0, input.reshape(-1)).view(input.shape[0], t, 1)));   // (B, T, 1) → (B, T, C)
        x = dropout.call(x);
        foreach (var block in blocks) x = block.call(x);
        return head.call(norm.call(x));                                                            // (B, T, V)
    }
}
