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
    private readonly Parameter sharedWeight;
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
        // The shared matrix is registered here too, so state dicts carry PyTorch's "decoder.weight" key. It must be
        // the Embedding's own registered Parameter object: Embedding.weight wraps the native tensor anew on every
        // read (a new handle), and parameters() skips only a handle it has seen; with a fresh wrapper the matrix
        // was listed twice, so SGD stepped it twice and the parameter count included it twice.
        sharedWeight = embedding.named_parameters(recurse: false).Single(p => p.name == "weight").parameter;
        register_parameter("weight", sharedWeight);
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

    public override Parameter weight => sharedWeight;
    public override Parameter? bias => outputBias;

    protected override Tensor Features(Tensor hidden) => projection is null ? hidden : projection.call(hidden);
}
