using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// The size of a <see cref="TranslationTransformer"/>: one joint vocabulary (source and target), width, layers on
/// each side, heads, feed-forward width, dropout, the longest sequence and the padding id.
/// </summary>
public sealed record TranslationTransformerConfig(int Vocabulary, int Width = 128, int EncoderLayers = 2, int DecoderLayers = 2, int Heads = 4,
    int FeedForward = 512, double Dropout = 0.1, int MaxLength = 256, long PadId = 0)
{
    public void Validate()
    {
        if (Vocabulary < 2) throw new ArgumentOutOfRangeException(nameof(Vocabulary), $"TranslationTransformer: vocabulary must be >= 2, got {Vocabulary}");
        if (Width < 1 || Heads < 1 || Width % Heads != 0)
            throw new ArgumentOutOfRangeException(nameof(Heads), $"TranslationTransformer: heads must be >= 1 and divide width, got width {Width} and heads {Heads}");
        if (EncoderLayers < 1 || DecoderLayers < 1 || FeedForward < 1 || MaxLength < 1)
            throw new ArgumentOutOfRangeException(nameof(EncoderLayers),
                $"TranslationTransformer: encoderLayers, decoderLayers, feedForward and maxLength must be >= 1, got {EncoderLayers}, {DecoderLayers}, {FeedForward}, {MaxLength}");
        if (!(Dropout is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Dropout), $"TranslationTransformer: dropout must be in [0, 1), got {Dropout}");
        if (PadId < 0 || PadId >= Vocabulary) throw new ArgumentOutOfRangeException(nameof(PadId), $"TranslationTransformer: padId must be in [0, {Vocabulary - 1}], got {PadId}");
    }
}

/// <summary>
/// A small pre-norm encoder-decoder Transformer (Vaswani et al. 2017; pre-norm as fairseq's --*-normalize-before) with
/// one embedding matrix E [V, C] shared by the source, the target and the output projection (Press and Wolf 2017:
/// one joint SentencePiece vocabulary makes the three roles one table). Embeddings are scaled by √C, learned positions
/// are added, and each stack ends in a LayerNorm. Source [B, S] and target input [B, T] (int64, right-padded with
/// PadId) → logits [B, T, V]; target position t sees target positions ≤ t and every non-pad source position.
/// </summary>
public sealed class TranslationTransformer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding sourcePositions, targetPositions;
    private readonly Dropout dropout;
    private readonly ModuleList<TranslationEncoderLayer> encoder;
    private readonly ModuleList<TranslationDecoderLayer> decoder;
    private readonly LayerNorm encoderNorm, decoderNorm;

    public TranslationTransformer(TranslationTransformerConfig config) : base(nameof(TranslationTransformer))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        tokens = nn.Embedding(config.Vocabulary, config.Width, padding_idx: config.PadId);
        sourcePositions = nn.Embedding(config.MaxLength, config.Width);
        targetPositions = nn.Embedding(config.MaxLength, config.Width);
        dropout = nn.Dropout(config.Dropout);
        encoder = nn.ModuleList(Enumerable.Range(0, config.EncoderLayers).Select(_ => new TranslationEncoderLayer(config)).ToArray());
        decoder = nn.ModuleList(Enumerable.Range(0, config.DecoderLayers).Select(_ => new TranslationDecoderLayer(config)).ToArray());
        encoderNorm = nn.LayerNorm(config.Width);
        decoderNorm = nn.LayerNorm(config.Width);
        RegisterComponents();
        using (no_grad())
        {
            // fairseq's Embedding init: N(0, C^-1/2), so √C-scaled embeddings start at unit scale; the pad row stays 0.
            nn.init.normal_(SharedEmbedding, 0, 1 / Math.Sqrt(config.Width));
            using (var padRow = SharedEmbedding.narrow(0, config.PadId, 1)) padRow.zero_();
            nn.init.normal_(sourcePositions.get_parameter("weight")!, 0, 0.02);
            nn.init.normal_(targetPositions.get_parameter("weight")!, 0, 0.02);
        }
    }

    public TranslationTransformerConfig Config { get; }

    /// <summary>E [V, C]: the source embedding, the target embedding and the output projection are this one Parameter.</summary>
    public Parameter SharedEmbedding => TiedLinearHead.SharedWeight(tokens);

    public override Tensor forward(Tensor source, Tensor targetInput)
    {
        using var scope = NewDisposeScope();
        var padding = SourcePadding(source);
        return Decode(targetInput, Encode(source, padding), padding).MoveToOuterDisposeScope();
    }

    /// <summary>True at the padded positions of source [B, S], shaped [B, 1, 1, S] for the attention scores.</summary>
    public Tensor SourcePadding(Tensor source)
    {
        CheckTokens(source, nameof(source));
        using var pad = Config.PadId.ToScalar();
        return source.eq(pad).unsqueeze(1).unsqueeze(1);
    }

    /// <summary>The encoder's output [B, S, C] for source [B, S] and its padding mask (<see cref="SourcePadding"/>).</summary>
    public Tensor Encode(Tensor source, Tensor sourcePadding)
    {
        using var scope = NewDisposeScope();
        var x = Embed(source, sourcePositions);                                                     // (B, S, C)
        foreach (var layer in encoder) x = layer.call(x, sourcePadding);
        return encoderNorm.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits [B, T, V] for target input [B, T] given the encoder's output [B, S, C] and the source padding; with
    /// lastOnly, only the last position's [B, 1, V] (what search needs: the output projection is the costliest layer).
    /// </summary>
    public Tensor Decode(Tensor targetInput, Tensor memory, Tensor sourcePadding, bool lastOnly = false)
    {
        CheckTokens(targetInput, nameof(targetInput));
        if (memory.dim() != 3 || memory.shape[0] != targetInput.shape[0] || memory.shape[2] != Config.Width)
            throw new ArgumentException($"TranslationTransformer: memory has shape [{string.Join(", ", memory.shape)}]: expected [{targetInput.shape[0]}, S, {Config.Width}]", nameof(memory));
        using var scope = NewDisposeScope();
        var t = targetInput.shape[1];
        var future = ones(t, t, ScalarType.Bool, targetInput.device).triu(1).unsqueeze(0).unsqueeze(0);   // (1, 1, T, T), true above the diagonal
        var x = Embed(targetInput, targetPositions);                                                // (B, T, C)
        foreach (var layer in decoder) x = layer.call(x, memory, future, sourcePadding);
        if (lastOnly) x = x.narrow(1, t - 1, 1);                                                   // (B, 1, C)
        return nn.functional.linear(decoderNorm.call(x), SharedEmbedding).MoveToOuterDisposeScope(); // (B, T, V)
    }

    /// <summary>Starts incremental decoding from the encoder's output: the cache holds each layer's memory keys and values.</summary>
    public DecoderCache StartDecoding(Tensor memory, Tensor sourcePadding)
    {
        using var scope = NewDisposeScope();
        return new DecoderCache(decoder.Select(layer => layer.MemoryKeysAndValues(memory)).ToList(), sourcePadding);
    }

    /// <summary>
    /// Logits [B, V] for the next position given the newest target tokens [B, 1] and the cache of the earlier ones:
    /// the same as the last position of <see cref="Decode"/> on the whole prefix (in eval mode), at the cost of one position.
    /// </summary>
    public Tensor DecodeStep(Tensor newestTokens, DecoderCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        CheckTokens(newestTokens, nameof(newestTokens));
        if (newestTokens.shape[1] != 1) throw new ArgumentException($"TranslationTransformer: newestTokens has shape [{string.Join(", ", newestTokens.shape)}]: expected [B, 1]", nameof(newestTokens));
        if (cache.Length >= Config.MaxLength) throw new ArgumentException($"TranslationTransformer: the cache holds {cache.Length} positions: at most maxLength {Config.MaxLength}", nameof(cache));
        using var scope = NewDisposeScope();
        var x = Embed(newestTokens, targetPositions, cache.Length);                                 // (B, 1, C)
        var i = 0;
        foreach (var layer in decoder) x = layer.Step(x, cache, i++, cache.SourcePadding);
        cache.Advance();
        return nn.functional.linear(decoderNorm.call(x), SharedEmbedding).squeeze(1).MoveToOuterDisposeScope();   // (B, V)
    }

    private Tensor Embed(Tensor ids, Embedding positions, long offset = 0)
    {
        using var first = offset.ToScalar();
        using var end = (offset + ids.shape[1]).ToScalar();
        var position = arange(first, end, KeptScalars.One, ScalarType.Int64, ids.device);             // (T)
        var x = tokens.call(ids).times(Math.Sqrt(Config.Width)).plus(positions.call(position));     // (B, T, C)
        return dropout.call(x);
    }

    private void CheckTokens(Tensor ids, string name)
    {
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"TranslationTransformer: {name} has shape [{string.Join(", ", ids.shape)}] ({ids.dtype}): expected int64 [B, T]", name);
        if (ids.shape[1] > Config.MaxLength)
            throw new ArgumentException($"TranslationTransformer: {name} has {ids.shape[1]} positions: expected at most maxLength {Config.MaxLength}", name);
    }
}
