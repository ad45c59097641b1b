using Research.Core.Data.Text;
using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models.Graphs;

/// <summary>
/// Options of <see cref="CharacterTransformerEncoder"/> (ile.md 1.4, DSOKR's <c>TransformerModel</c>: 6 layers, 8 heads,
/// width 256, feed-forward 4·width, dropout 0.2; smaller here for CPU scale).
/// </summary>
public sealed record InputEncoderOptions(int Vocabulary, int Dimension, int Width = 64, int Layers = 2, int Heads = 4, double Dropout = 0.1, int MaxLength = 40)
{
    public void Validate()
    {
        if (Vocabulary < 4 || Dimension < 1 || Width < 1 || Layers < 1 || Heads < 1 || Width % Heads != 0 || MaxLength < 2)
            throw new ArgumentException(
                $"InputEncoderOptions {this}: expected Vocabulary >= 4, Dimension, Width, Layers, Heads >= 1, Width divisible by Heads, MaxLength >= 2");
        if (Dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Dropout), $"Dropout is {Dropout}: expected [0, 1)");
    }
}

/// <summary>
/// The regressor h(x) for text inputs (ile.md 1.4): character embeddings plus sinusoidal positions, a Transformer
/// encoder over the padded sequence, and a linear map of the &lt;cls&gt; token's output to R^p. The surrogate loss
/// normalises h; decoding only needs its direction.
/// </summary>
public sealed class CharacterTransformerEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly TransformerEncoder encoder;
    private readonly Linear output;
    private readonly Tensor positions;   // [MaxLength, 1, Width]
    private readonly double scale;

    public InputEncoderOptions Options { get; }

    public CharacterTransformerEncoder(InputEncoderOptions options) : base(nameof(CharacterTransformerEncoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        embedding = nn.Embedding(options.Vocabulary, options.Width, padding_idx: CharacterVocabulary.Pad);
        encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(options.Width, options.Heads, 4 * options.Width, options.Dropout), options.Layers);
        output = nn.Linear(options.Width, options.Dimension);
        positions = Sinusoids(options.MaxLength, options.Width);
        scale = Math.Sqrt(options.Width);
        RegisterComponents();
    }

    /// <summary>h [N, p] for token ids [N, L] (L ≤ MaxLength, &lt;cls&gt; first, 0 = pad).</summary>
    public override Tensor forward(Tensor tokens)
    {
        if (tokens.dim() != 2 || tokens.shape[1] > Options.MaxLength || tokens.dtype != ScalarType.Int64)
            throw new ArgumentException($"tokens has shape [{string.Join(", ", tokens.shape)}] ({tokens.dtype}): expected int64 [N, L <= {Options.MaxLength}]", nameof(tokens));
        var length = tokens.shape[1];
        var padding = tokens.eq(zeros_like(tokens));                                           // [N, L]
        var x = embedding.call(tokens.t()).times(scale).plus(positions.narrow(0, 0, length));  // [L, N, W]
        var y = encoder.call(x, null, padding);                                                // [L, N, W]
        return output.call(y.select(0, 0));                                                    // [N, p]
    }

    private static Tensor Sinusoids(int length, int width)
    {
        var table = new float[length * width];
        for (var pos = 0; pos < length; pos++)
            for (var i = 0; i < width; i++)
            {
                var angle = pos / Math.Pow(10000, 2 * (i / 2) / (double)width);
                table[pos * width + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        return tensor(table, [length, 1, width]);
    }
}
