using Research.Torch;
using static Research.Torch.torch;

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
    private readonly nn.Embedding embedding;
    private readonly nn.Linear? projection;

    public TiedLinearHead(nn.Embedding embedding, long hiddenSize, bool bias = true, bool projection = false)
    {
        this.embedding = embedding ?? throw new ArgumentNullException(nameof(embedding));
        var embeddingSize = embedding.embedding_dim;
        if (hiddenSize != embeddingSize && !projection)
            throw new ArgumentException(
                $"TiedLinearHead: the hidden size ({hiddenSize}) differs from the embedding size ({embeddingSize}). " +
                "Tying needs d_h = d_x: enable the projection (d_h -> d_x), or size the last recurrent layer as the embedding (awd-lstm).");
        // Registered under this module too, so state dicts carry the PyTorch-style "decoder.weight" key;
        // parameters() lists the shared tensor once.
        register_parameter("weight", embedding.weight);
        if (bias) this.bias = register_parameter("bias", zeros(embedding.num_embeddings));
        if (projection) this.projection = register_module("projection", new nn.Linear(hiddenSize, embeddingSize, bias: false));
    }

    public override Tensor weight => embedding.weight;
    public override Tensor? bias { get; }

    protected override Tensor Features(Tensor hidden) => projection is null ? hidden : projection.call(hidden);
}
