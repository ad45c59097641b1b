using Research.Core.Data.Graphs;
using static TorchSharp.torch;

namespace Research.Core.Models.Graphs;

/// <summary>
/// An output embedding ψ: graphs → unit vectors in R^p (ile.md 1.1). The surrogate loss is Δ(y, y') = ‖ψ(y) − ψ(y')‖²;
/// a learned one (<see cref="DenseGraphEncoder"/>) and a fixed kernel's (<see cref="WeisfeilerLehmanFeatures"/>) share
/// the regression and the candidate decoding behind this.
/// </summary>
public interface IOutputEmbedding
{
    int Dimension { get; }

    /// <summary>ψ of each graph, [N, p], rows of unit norm, no gradient, on <paramref name="device"/>.</summary>
    Tensor Embed(IReadOnlyList<LabeledGraph> graphs, Device? device = null);
}
