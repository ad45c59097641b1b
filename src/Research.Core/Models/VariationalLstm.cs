using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>The recurrent state of a multi-layer LSTM whose layers may differ in size: h and c per layer, each [N, H_l].</summary>
public sealed record LstmState(Tensor[] H, Tensor[] C) : IDisposable
{
    /// <summary>The same values cut off from the graph (truncated back-propagation through time).</summary>
    public LstmState Detach() => new(H.Select(t => t.detach()).ToArray(), C.Select(t => t.detach()).ToArray());

    /// <summary>Takes the state out of any DisposeScope so it can be carried to the next batch.</summary>
    public LstmState Keep()
    {
        foreach (var t in H.Concat(C)) t.DetachFromDisposeScope();
        return this;
    }

    /// <summary>Moves the state to the enclosing DisposeScope.</summary>
    public LstmState MoveToOuterDisposeScope()
    {
        foreach (var t in H.Concat(C)) t.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        foreach (var t in H.Concat(C)) t.Dispose();
    }
}

/// <summary>
/// A multi-layer LSTM with Gal and Ghahramani's variational dropout, as used by Inan et al. (§6.1): masks are
/// drawn once per sequence (per forward call) and reused at every time step; layer l's hidden mask is shared
/// between its recurrent connection and its output (the next layer's input, or the classifier's for the last
/// layer); the input gets its own mask with the same p. Parameters use nn.LSTM's names and initialisation,
/// so a state dict moves between the two. Layer sizes may differ (awd-lstm's last layer sized as the embedding).
/// </summary>
/// <remarks>
/// The input path of every step is one GEMM over the whole sequence; only the masked recurrence runs step by
/// step, because a per-sequence mask on h cannot be folded into a fused multi-step kernel. Without masks and
/// without gradients (evaluation) the layers are plain LSTMs and run in libtorch's fused kernel
/// (<see cref="FusedLstmLayers"/>). bench/RESULTS.md measures both routes against TorchSharp's fused nn.LSTM.
/// </remarks>
public sealed class VariationalLstm : nn.Module<Tensor, LstmState?, (Tensor Output, LstmState State)>
{
    private readonly List<(Parameter Wih, Parameter Whh, Parameter Bih, Parameter Bhh)> layers = new();
    private FusedLstmLayers? fused;   // the evaluation route; not registered (no parameters of its own)

    public VariationalLstm(long inputSize, IReadOnlyList<long> hiddenSizes, double dropout) : base(nameof(VariationalLstm))
    {
        if (inputSize <= 0 || hiddenSizes.Count == 0 || hiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"VariationalLstm: sizes must be positive, got input {inputSize}, hidden [{string.Join(", ", hiddenSizes)}]");
        if (dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), $"VariationalLstm: dropout must be in [0, 1), got {dropout}");
        InputSize = inputSize;
        HiddenSizes = hiddenSizes.ToArray();
        Dropout = dropout;
        var input = inputSize;
        for (var l = 0; l < hiddenSizes.Count; l++)
        {
            var h = hiddenSizes[l];
            var bound = 1 / Math.Sqrt(h);
            Parameter P(string name, params long[] shape)
            {
                var p = new Parameter(empty(shape));
                using (no_grad()) nn.init.uniform_(p, -bound, bound);
                register_parameter($"{name}_l{l}", p);
                return p;
            }
            layers.Add((P("weight_ih", 4 * h, input), P("weight_hh", 4 * h, h), P("bias_ih", 4 * h), P("bias_hh", 4 * h)));
            input = h;
        }
    }

    public long InputSize { get; }
    public long[] HiddenSizes { get; }
    public double Dropout { get; }

    public LstmState ZeroState(long batch)
    {
        var (dtype, device) = (layers[0].Whh.dtype, layers[0].Whh.device);
        return new(HiddenSizes.Select(h => zeros([batch, h], dtype, device)).ToArray(),
                   HiddenSizes.Select(h => zeros([batch, h], dtype, device)).ToArray());
    }

    /// <summary>x [T, N, input] -> output [T, N, H_last] (after the last layer's dropout mask) and the final state.</summary>
    public override (Tensor Output, LstmState State) forward(Tensor x, LstmState? state = null)
    {
        var shape = x.shape;
        if (shape.Length != 3 || shape[2] != InputSize)
            throw new ArgumentException($"VariationalLstm: input has shape [{string.Join(", ", shape)}]: expected [T, N, {InputSize}]");
        if (shape[0] == 0) throw new ArgumentException("VariationalLstm: input has no time steps: expected T >= 1");
        var batch = shape[1];
        using var scope = NewDisposeScope();
        var s = state ?? ZeroState(batch);
        if (s.H.Length != layers.Count) throw new ArgumentException($"VariationalLstm: the state has {s.H.Length} layers, the model {layers.Count}");
        var active = training && Dropout > 0;
        if (!active && !is_grad_enabled())
        {
            fused ??= new FusedLstmLayers(InputSize, HiddenSizes);
            var (output, next) = fused.Run(x, s, layers);
            return (output.MoveToOuterDisposeScope(), next.MoveToOuterDisposeScope());
        }
        var input = active ? x * Mask(batch, InputSize) : x;
        var hs = new Tensor[layers.Count];
        var cs = new Tensor[layers.Count];
        for (var l = 0; l < layers.Count; l++)
        {
            var (wih, whh, bih, bhh) = layers[l];
            var mask = active ? Mask(batch, HiddenSizes[l]) : null;
            var inputGates = nn.functional.linear(input, wih, bih.plus(bhh));        // [T, N, 4H], one GEMM for all steps
            var (output, h, c) = Recurrence(inputGates, s.H[l], s.C[l], whh, mask);
            hs[l] = h.MoveToOuterDisposeScope();
            cs[l] = c.MoveToOuterDisposeScope();
            input = mask is null ? output : output * mask;                       // the same mask as the recurrence
        }
        return (input.MoveToOuterDisposeScope(), new LstmState(hs, cs));
    }

    /// <summary>
    /// The LSTM equations step by step from precomputed input gates [T, N, 4H] (PyTorch's gate order i, f, g, o),
    /// with h multiplied by the layer's mask [N, H] before it enters the recurrence:
    /// i, f, o = σ(·), g = tanh(·); c′ = f ⊙ c + i ⊙ g; h′ = o ⊙ tanh(c′). Returns the outputs h′ [T, N, H] and the last h, c.
    /// </summary>
    public static (Tensor Output, Tensor H, Tensor C) Recurrence(Tensor inputGates, Tensor h, Tensor c, Tensor whh, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var whhT = whh.t();                                                      // [H, 4H]
        var steps = inputGates.shape[0];
        var outputs = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            var recurrent = mask is null ? h : h * mask;                         // [N, H]
            var gates = inputGates[t].addmm(recurrent, whhT);                   // [N, 4H]
            var chunks = gates.chunk(4, 1);
            var (i, f, g, o) = (chunks[0].sigmoid(), chunks[1].sigmoid(), chunks[2].tanh(), chunks[3].sigmoid());
            c = (f * c).plus(i * g);                                             // c′ [N, H]
            h = o * c.tanh();                                                    // h′ [N, H]
            outputs[t] = h;
        }
        var output = stack(outputs);                                             // [T, N, H]
        return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) fused?.Dispose();
        base.Dispose(disposing);
    }

    // Inverted dropout mask [N, size]: kept units scaled by 1/(1-p), so evaluation needs no rescaling.
    private Tensor Mask(long batch, long size)
    {
        var keep = KeptScalars.full_kept([batch, size], 1 - Dropout, layers[0].Whh.dtype, layers[0].Whh.device);
        return bernoulli(keep).over(1 - Dropout);
    }
}
