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
    private Parameter? outputBias;

    public TiedLinearHead(Embedding embedding, long hiddenSize, bool bias = true, bool projection = false) : base(nameof(TiedLinearHead))
    {
        this.embedding = embedding ?? throw new ArgumentNullException(nameof(embedding));
        var shared = SharedWeight(embedding);
        var (vocabulary, embeddingSize) = (shared.shape[0], shared.shape[1]);
        if (hiddenSize != embeddingSize && !projection)
            throw new ArgumentException(
                $"TiedLinearHead: the hidden size ({hiddenSize}) differs from the embedding size ({embeddingSize}). " +
                "Tying needs d_h = d_x: enable the projection (d_h -> d_x), or size the last recurrent layer as the embedding (awd-lstm).");
        // The shared matrix is registered here too, so state dicts carry PyTorch's "decoder.weight" key. It must be the
        // embedding's registered Parameter object: Embedding.weight wraps a new handle at every call, and parameters()
        // skips only a handle it has seen, so a fresh wrapper would hand the optimizer the matrix twice (two updates a step).
        register_parameter("weight", shared);
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

    public override Parameter weight => SharedWeight(embedding);

    /// <summary>The embedding matrix as the embedding module registered it (the same object at every call).</summary>
    public static Parameter SharedWeight(Embedding embedding) =>
        embedding.get_parameter("weight") ?? throw new ArgumentException("TiedLinearHead: the embedding has no registered weight", nameof(embedding));

    public override Parameter? bias => outputBias;

    // Every component is registered by name above. TorchSharp's field scan (run when a parent registers this module)
    // would add the borrowed embedding as a submodule too: an extra "decoder.embedding.weight" key that PyTorch lacks.
    protected override void RegisterComponents() { }

    // Module.to swaps parameter objects through settable properties or fields, but weight and bias are computed here,
    // and the shared matrix is the embedding's to convert (the parent converts its encoder before its decoder). So this
    // head moves its bias and projection itself and takes the shared matrix again from the embedding.
    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        if (outputBias is { } old)
        {
            using (no_grad()) outputBias = new Parameter(old.to(dtype ?? old.dtype, device ?? old.device), old.requires_grad);
            ConditionallyRegisterParameter("bias", outputBias);
            old.Dispose();
        }
        if (dtype is { } d) projection?.to(d, non_blocking);
        if (device is { } target) projection?.to(target, non_blocking);
        ConditionallyRegisterParameter("weight", SharedWeight(embedding));
    }

    protected override Tensor Features(Tensor hidden) => projection is null ? hidden : projection.call(hidden);
}
