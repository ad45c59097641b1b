using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// Multi-head scaled dot-product attention of queries [B, Tq, C] over keys and values [B, Tk, C] (Vaswani et al. 2017,
/// eq. 1), with a bool mask broadcastable to [B, H, Tq, Tk] that is true where a key must not be seen (padding, the
/// future). Self-attention passes the same tensor twice; cross-attention passes the encoder's output as keyValue.
/// </summary>
public sealed class TranslationAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear query, key, value, output;
    private readonly int heads;

    public TranslationAttention(int width, int heads) : base(nameof(TranslationAttention))
    {
        if (heads < 1 || width % heads != 0)
            throw new ArgumentOutOfRangeException(nameof(heads), $"TranslationAttention: heads must divide width {width}, got {heads}");
        this.heads = heads;
        query = nn.Linear(width, width);
        key = nn.Linear(width, width);
        value = nn.Linear(width, width);
        output = nn.Linear(width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor keyValue, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var (k, v) = KeysAndValues(keyValue);
        return Attend(x, k, v, mask).MoveToOuterDisposeScope();
    }

    /// <summary>Keys and values of [B, Tk, C], split into heads: 2 × (B, H, Tk, C/H). Decoding caches them.</summary>
    public (Tensor Keys, Tensor Values) KeysAndValues(Tensor keyValue)
    {
        var (b, tk, c) = (keyValue.shape[0], keyValue.shape[1], keyValue.shape[2]);
        return (Heads(key.call(keyValue), b, tk, c), Heads(value.call(keyValue), b, tk, c));
    }

    /// <summary>Queries from x [B, Tq, C] attend over keys and values already split into heads (B, H, Tk, C/H).</summary>
    public Tensor Attend(Tensor x, Tensor keys, Tensor values, Tensor mask)
    {
        var (b, tq, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var q = Heads(query.call(x), b, tq, c);                                                         // (B, H, Tq, C/H)
        var scores = q.matmul(keys.transpose(2, 3)).times(1.0 / Math.Sqrt(c / heads));                  // (B, H, Tq, Tk)
        var attention = scores.masked_fill_kept(mask, double.NegativeInfinity).softmax(3);
        var y = attention.matmul(values).transpose(1, 2).contiguous().view(b, tq, c);                   // (B, Tq, C)
        return output.call(y);
    }

    private Tensor Heads(Tensor a, long b, long t, long c) => a.view(b, t, heads, c / heads).transpose(1, 2);
}

/// <summary>The position-wise feed-forward network: Linear(C, F), ReLU, dropout, Linear(F, C).</summary>
public sealed class TranslationFeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear expand, contract;
    private readonly Dropout dropout;

    public TranslationFeedForward(int width, int feedForward, double dropout) : base(nameof(TranslationFeedForward))
    {
        expand = nn.Linear(width, feedForward);
        contract = nn.Linear(feedForward, width);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => contract.call(dropout.call(nn.functional.relu(expand.call(x))));
}

/// <summary>A pre-norm encoder layer: x + drop(SelfAttention(LN(x))), then x + drop(FFN(LN(x))).</summary>
public sealed class TranslationEncoderLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm, feedForwardNorm;
    private readonly TranslationAttention selfAttention;
    private readonly TranslationFeedForward feedForward;
    private readonly Dropout dropout;

    public TranslationEncoderLayer(TranslationTransformerConfig config) : base(nameof(TranslationEncoderLayer))
    {
        attentionNorm = nn.LayerNorm(config.Width);
        selfAttention = new TranslationAttention(config.Width, config.Heads);
        feedForwardNorm = nn.LayerNorm(config.Width);
        feedForward = new TranslationFeedForward(config.Width, config.FeedForward, config.Dropout);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>x [B, S, C]; sourcePadding [B, 1, 1, S], true at padded source positions.</summary>
    public override Tensor forward(Tensor x, Tensor sourcePadding)
    {
        var normed = attentionNorm.call(x);
        x = x.plus(dropout.call(selfAttention.call(normed, normed, sourcePadding)));
        return x.plus(dropout.call(feedForward.call(feedForwardNorm.call(x))));
    }
}

/// <summary>
/// A pre-norm decoder layer: causal self-attention, attention over the encoder's output, then the feed-forward
/// network, each as x + drop(sublayer(LN(x))).
/// </summary>
public sealed class TranslationDecoderLayer : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    private readonly LayerNorm selfNorm, crossNorm, feedForwardNorm;
    private readonly TranslationAttention selfAttention, crossAttention;
    private readonly TranslationFeedForward feedForward;
    private readonly Dropout dropout;

    public TranslationDecoderLayer(TranslationTransformerConfig config) : base(nameof(TranslationDecoderLayer))
    {
        selfNorm = nn.LayerNorm(config.Width);
        selfAttention = new TranslationAttention(config.Width, config.Heads);
        crossNorm = nn.LayerNorm(config.Width);
        crossAttention = new TranslationAttention(config.Width, config.Heads);
        feedForwardNorm = nn.LayerNorm(config.Width);
        feedForward = new TranslationFeedForward(config.Width, config.FeedForward, config.Dropout);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>x [B, T, C]; memory [B, S, C]; future [1, 1, T, T] true above the diagonal; sourcePadding [B, 1, 1, S].</summary>
    public override Tensor forward(Tensor x, Tensor memory, Tensor future, Tensor sourcePadding)
    {
        var normed = selfNorm.call(x);
        x = x.plus(dropout.call(selfAttention.call(normed, normed, future)));
        x = x.plus(dropout.call(crossAttention.call(crossNorm.call(x), memory, sourcePadding)));
        return x.plus(dropout.call(feedForward.call(feedForwardNorm.call(x))));
    }

    /// <summary>The keys and values of the encoder's output for the cross-attention, computed once per sentence.</summary>
    public (Tensor Keys, Tensor Values) MemoryKeysAndValues(Tensor memory) => crossAttention.KeysAndValues(memory);

    /// <summary>
    /// One decoding step for the newest position x [B, 1, C]: its self-attention keys and values are appended to the
    /// cache (the earlier positions' never change, the layer being causal), so it attends over every position so far.
    /// </summary>
    public Tensor Step(Tensor x, DecoderCache cache, int layer, Tensor sourcePadding)
    {
        var normed = selfNorm.call(x);
        var (k, v) = selfAttention.KeysAndValues(normed);
        var (keys, values) = cache.Append(layer, k, v);                                                  // (B, H, t, C/H)
        using var none = zeros([1, 1, 1, 1], ScalarType.Bool, x.device);
        x = x.plus(dropout.call(selfAttention.Attend(normed, keys, values, none)));
        var (memoryKeys, memoryValues) = cache.Memory(layer);
        x = x.plus(dropout.call(crossAttention.Attend(crossNorm.call(x), memoryKeys, memoryValues, sourcePadding)));
        return x.plus(dropout.call(feedForward.call(feedForwardNorm.call(x))));
    }
}
