using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// The output classifier reuses the input embedding: W = L^T (Inan et al. §4, "reused embeddings"; Press and
/// Wolf). It is the same tensor, not a copy, so the embedding matrix receives gradients from both the input
/// lookup and the output layer. The bias is optional (the paper drops it; PyTorch's word_language_model keeps it).
/// When the hidden size d_h differs from the embedding size d_x, a learned projection d_h -> d_x may be
/// inserted; otherwise construction fails and names both sizes.
/// </summary>
public sealed class TiedLinearHead : OutputHead
{
    private readonly Embedding embedding;
    private readonly Linear? projection;
    private readonly Parameter? outputBias;

    public TiedLinearHead(Embedding embedding, long hiddenSize, bool bias = true, bool projection = false) : base(nameof(TiedLinearHead))
    {
        this.embedding = embedding ?? throw new ArgumentNullException(nameof(embedding));
        var (vocabulary, embeddingSize) = (embedding.weight!.shape[0], embedding.weight.shape[1]);
        if (hiddenSize != embeddingSize && !projection)
            throw new ArgumentException(
                $"TiedLinearHead: the hidden size ({hiddenSize}) differs from the embedding size ({embeddingSize}). " +
                "Tying needs d_h = d_x: enable the projection (d_h -> d_x), or size the last recurrent layer as the embedding (awd-lstm).");
        // The shared matrix is registered here too, so state dicts carry PyTorch's "decoder.weight" key;
        // parameters() lists it once (TorchSharp skips a handle it has seen).
        register_parameter("weight", embedding.weight);
        if (bias)
        {
            outputBias = new Parameter(zeros(vocabulary));
            register_parameter("bias", outputBias);
        }
        if (projection)
        {
            this.projection = nn.Linear(hiddenSize, embeddingSize, hasBias: false);
            register_module("projection", this.projection);
        }
    }

    public override Parameter weight => embedding.weight!;
    public override Parameter? bias => outputBias;

    protected override Tensor Features(Tensor hidden) => projection is null ? hidden : projection.call(hidden);
}
