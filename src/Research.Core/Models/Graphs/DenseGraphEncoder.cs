using Research.Core.Data.Graphs;
using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models.Graphs;

/// <summary>How the graph encoder pools its node states into one vector per layer.</summary>
public enum GraphPooling { Sum, Mean }

/// <summary>
/// Options of <see cref="DenseGraphEncoder"/>, all reconstructed (ile.md 1.2: 3-5 layers, width 64-300, p = 64-256;
/// sum pooling of every layer, concatenated, then a 2-layer projection head, as in GraphCL's encoder).
/// </summary>
public sealed record GraphEncoderOptions(
    int NodeTypes,
    int EdgeTypes,
    int Layers = 3,
    int Hidden = 64,
    int Dimension = 64,
    GraphPooling Pooling = GraphPooling.Sum,
    bool ProjectionHead = true)
{
    public void Validate()
    {
        if (NodeTypes < 1 || EdgeTypes < 1) throw new ArgumentException($"NodeTypes is {NodeTypes} and EdgeTypes is {EdgeTypes}: expected both >= 1");
        if (Layers < 1 || Hidden < 1 || Dimension < 1)
            throw new ArgumentException($"Layers, Hidden, Dimension are {Layers}, {Hidden}, {Dimension}: expected all >= 1");
    }
}

/// <summary>
/// The learned output embedding ψθ (ile.md 1.2, a reconstruction): a dense relational GIN that reads relaxed graphs,
/// F [B, M, K+1] (last class "no node") and E [B, M, M, T+1] (last class "no edge"), so that decoding can follow its
/// gradient. With m = 1 − F[:, :, K] the soft node mask:
///   h⁰ = Lin(F)·m;  hˡ = MLPˡ(hˡ⁻¹ + Σ_{t&lt;T} (E_t ⊙ m mᵀ) hˡ⁻¹ W_tˡ)·m;
///   ψ = normalise(head([pool(h¹), …, pool(h^L)])).
/// Permutation invariant: every node-axis operation is a sum over nodes.
/// </summary>
public sealed class DenseGraphEncoder : nn.Module<Tensor, Tensor, Tensor>, IOutputEmbedding
{
    private static readonly Scalar OneNode = 1.0.ToScalar();
    private readonly Linear input;
    private readonly ModuleList<Linear> relations;
    private readonly ModuleList<Sequential> updates;
    private readonly Sequential? head;

    public GraphEncoderOptions Options { get; }
    public int Dimension => Options.Dimension;

    public DenseGraphEncoder(GraphEncoderOptions options) : base(nameof(DenseGraphEncoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var (k, t, h) = (options.NodeTypes, options.EdgeTypes, options.Hidden);
        input = nn.Linear(k + 1, h);
        relations = new ModuleList<Linear>(Enumerable.Range(0, options.Layers).Select(_ => nn.Linear(t * h, h, hasBias: false)).ToArray());
        updates = new ModuleList<Sequential>(Enumerable.Range(0, options.Layers)
            .Select(_ => nn.Sequential(nn.Linear(h, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU())).ToArray());
        var pooled = options.Layers * h;
        head = options.ProjectionHead ? nn.Sequential(nn.Linear(pooled, h), nn.ReLU(), nn.Linear(h, options.Dimension)) : null;
        if (head is null && pooled != options.Dimension)
            throw new ArgumentException($"without a projection head Dimension must be Layers * Hidden = {pooled}, got {options.Dimension}", nameof(options));
        RegisterComponents();
    }

    /// <summary>ψ(F, E) [B, p], unit rows.</summary>
    public override Tensor forward(Tensor nodes, Tensor edges)
    {
        var (k, t) = (Options.NodeTypes, Options.EdgeTypes);
        if (nodes.dim() != 3 || nodes.shape[2] != k + 1 || edges.dim() != 4 || edges.shape[0] != nodes.shape[0]
            || edges.shape[1] != nodes.shape[1] || edges.shape[2] != nodes.shape[1] || edges.shape[3] != t + 1)
            throw new ArgumentException(
                $"nodes has shape [{string.Join(", ", nodes.shape)}] and edges [{string.Join(", ", edges.shape)}]: expected [B, M, {k + 1}] and [B, M, M, {t + 1}]");
        var (b, m) = (nodes.shape[0], nodes.shape[1]);
        var mask = nodes.select(2, k).neg().plus(1.0);                                   // [B, M]
        var pairMask = mask.unsqueeze(2).mul(mask.unsqueeze(1));                          // [B, M, M]
        var adjacency = edges.narrow(3, 0, t).mul(pairMask.unsqueeze(3));                 // [B, M, M, T]
        var h = input.call(nodes).mul(mask.unsqueeze(2));                                 // [B, M, H]
        var pooled = new List<Tensor>();
        for (var l = 0; l < Options.Layers; l++)
        {
            var messages = einsum("bijt,bjh->bith", adjacency, h).reshape(b, m, -1);     // [B, M, T·H]
            h = updates[l].call(h.plus(relations[l].call(messages))).mul(mask.unsqueeze(2));
            var sum = h.sum(1);                                                           // [B, H]
            pooled.Add(Options.Pooling == GraphPooling.Sum ? sum : sum.div(mask.sum(1, keepdim: true).clamp_min(OneNode)));
        }
        var z = cat(pooled, 1);                                                           // [B, L·H]
        if (head is not null) z = head.call(z);                                           // [B, p]
        return nn.functional.normalize(z, p: 2, dim: 1);
    }

    /// <summary>ψ of whole graphs: one-hot batches padded to the largest graph, in eval mode without gradient.</summary>
    public Tensor Embed(IReadOnlyList<LabeledGraph> graphs, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        var wasTraining = training;
        eval();
        try
        {
            using var noGrad = no_grad();
            var rows = new List<Tensor>();
            using (var scope = NewDisposeScope())
            {
                foreach (var chunk in graphs.Chunk(256))
                {
                    using var batch = GraphBatching.Collate(chunk, Options.NodeTypes, Options.EdgeTypes, device: device);
                    rows.Add(call(batch.NodeOneHot(), batch.EdgeOneHot()));
                }
                return cat(rows, 0).MoveToOuterDisposeScope();
            }
        }
        finally
        {
            train(wasTraining);
        }
    }
}
