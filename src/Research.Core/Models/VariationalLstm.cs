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
            void P(string name, params long[] shape)
            {
                var p = new Parameter(empty(shape));
                using (no_grad()) nn.init.uniform_(p, -bound, bound);
                register_parameter($"{name}_l{l}", p);
            }
            P("weight_ih", 4 * h, input);
            P("weight_hh", 4 * h, h);
            P("bias_ih", 4 * h);
            P("bias_hh", 4 * h);
            input = h;
        }
    }

    public long InputSize { get; }
    public long[] HiddenSizes { get; }
    public double Dropout { get; }

    /// <summary>Layer l's weights, looked up by name at each use: Module.to(dtype or device) replaces the parameter objects.</summary>
    private (Parameter Wih, Parameter Whh, Parameter Bih, Parameter Bhh) Layer(int l) =>
        (get_parameter($"weight_ih_l{l}")!, get_parameter($"weight_hh_l{l}")!, get_parameter($"bias_ih_l{l}")!, get_parameter($"bias_hh_l{l}")!);

    public LstmState ZeroState(long batch)
    {
        var (dtype, device) = (Layer(0).Whh.dtype, Layer(0).Whh.device);
        return new(HiddenSizes.Select(h => zeros([batch, h], dtype, device)).ToArray(),
                   HiddenSizes.Select(h => zeros([batch, h], dtype, device)).ToArray());
    }

    /// <summary>x [T, N, input] -> output [T, N, H_last] (after the last layer's dropout mask) and the final state.
    /// In training mode with dropout, fresh masks are drawn for this sequence; in eval mode none are applied.</summary>
    public override (Tensor Output, LstmState State) forward(Tensor x, LstmState? state = null)
    {
        if (!training || Dropout == 0) return forward(x, state, null);
        using var masks = DrawMasks(BatchSize(x));
        return forward(x, state, masks);
    }

    /// <summary>The same pass with given masks (null: none), whatever the mode: tests and analyses fix the masks this way.</summary>
    public (Tensor Output, LstmState State) forward(Tensor x, LstmState? state, VariationalMasks? masks)
    {
        var batch = BatchSize(x);
        masks?.Check(batch, InputSize, HiddenSizes);
        using var scope = NewDisposeScope();
        var s = state ?? ZeroState(batch);
        if (s.H.Length != HiddenSizes.Length) throw new ArgumentException($"VariationalLstm: the state has {s.H.Length} layers, the model {HiddenSizes.Length}");
        if (masks is null && !is_grad_enabled())
        {
            fused ??= new FusedLstmLayers(InputSize, HiddenSizes);
            var (fusedOutput, fusedState) = fused.Run(x, s, Enumerable.Range(0, HiddenSizes.Length).Select(Layer).ToList());
            return (fusedOutput.MoveToOuterDisposeScope(), fusedState.MoveToOuterDisposeScope());
        }
        var input = masks is null ? x : x * masks.Input;                         // one input mask for every step
        var hs = new Tensor[HiddenSizes.Length];
        var cs = new Tensor[HiddenSizes.Length];
        for (var l = 0; l < HiddenSizes.Length; l++)
        {
            var (wih, whh, bih, bhh) = Layer(l);
            var mask = masks?.Hidden[l];
            var inputGates = nn.functional.linear(input, wih, bih.plus(bhh));        // [T, N, 4H], one GEMM for all steps
            var (output, h, c) = Recurrence(inputGates, s.H[l], s.C[l], whh, mask);
            hs[l] = h.MoveToOuterDisposeScope();
            cs[l] = c.MoveToOuterDisposeScope();
            input = mask is null ? output : output * mask;                       // the same mask as the recurrence
        }
        return (input.MoveToOuterDisposeScope(), new LstmState(hs, cs));
    }

    private long BatchSize(Tensor x)
    {
        var shape = x.shape;
        if (shape.Length != 3 || shape[2] != InputSize)
            throw new ArgumentException($"VariationalLstm: input has shape [{string.Join(", ", shape)}]: expected [T, N, {InputSize}]");
        if (shape[0] == 0) throw new ArgumentException("VariationalLstm: input has no time steps: expected T >= 1");
        return shape[1];
    }

    /// <summary>Draws one sequence's masks: inverted dropout, kept units scaled by 1/(1-p) so evaluation needs no rescaling.</summary>
    public VariationalMasks DrawMasks(long batch) =>
        new(Mask(batch, InputSize), HiddenSizes.Select(h => Mask(batch, h)).ToArray());

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

    // Bernoulli(1-p) / (1-p), [N, size].
    private Tensor Mask(long batch, long size)
    {
        var whh = Layer(0).Whh;
        var keep = KeptScalars.full_kept([batch, size], 1 - Dropout, whh.dtype, whh.device);
        return bernoulli(keep).over(1 - Dropout);
    }
}

/// <summary>
/// The variational dropout masks of one sequence (Gal and Ghahramani): the input's [N, input] and each layer's
/// [N, H_l], the latter shared by the layer's recurrence and its output. Values are 0 or 1/(1-p).
/// </summary>
public sealed record VariationalMasks(Tensor Input, Tensor[] Hidden) : IDisposable
{
    internal void Check(long batch, long inputSize, long[] hiddenSizes)
    {
        static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
        if (!Input.shape.SequenceEqual([batch, inputSize]))
            throw new ArgumentException($"VariationalMasks: the input mask has shape {Shape(Input)}: expected [{batch}, {inputSize}]");
        if (Hidden.Length != hiddenSizes.Length)
            throw new ArgumentException($"VariationalMasks: {Hidden.Length} hidden masks for {hiddenSizes.Length} layers");
        for (var l = 0; l < Hidden.Length; l++)
            if (!Hidden[l].shape.SequenceEqual([batch, hiddenSizes[l]]))
                throw new ArgumentException($"VariationalMasks: layer {l}'s mask has shape {Shape(Hidden[l])}: expected [{batch}, {hiddenSizes[l]}]");
    }

    public void Dispose()
    {
        Input.Dispose();
        foreach (var m in Hidden) m.Dispose();
    }
}
