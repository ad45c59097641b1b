using Research.Torch;
using static Research.Torch.torch;

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
public sealed class VariationalLstm : nn.Module
{
    private readonly List<(Tensor Wih, Tensor Whh, Tensor Bih, Tensor Bhh)> layers = new();

    public VariationalLstm(long inputSize, IReadOnlyList<long> hiddenSizes, double dropout)
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
            Tensor P(string name, params long[] shape) => nn.init.uniform_(register_parameter($"{name}_l{l}", empty(shape)), -bound, bound);
            layers.Add((P("weight_ih", 4 * h, input), P("weight_hh", 4 * h, h), P("bias_ih", 4 * h), P("bias_hh", 4 * h)));
            input = h;
        }
    }

    public long InputSize { get; }
    public long[] HiddenSizes { get; }
    public double Dropout { get; }

    public LstmState ZeroState(long batch)
    {
        var dtype = layers[0].Whh.dtype;
        return new(HiddenSizes.Select(h => zeros([batch, h], dtype)).ToArray(), HiddenSizes.Select(h => zeros([batch, h], dtype)).ToArray());
    }

    /// <summary>x [T, N, input] -> output [T, N, H_last] (after the last layer's dropout mask) and the final state.</summary>
    public (Tensor Output, LstmState State) call(Tensor x, LstmState? state = null)
    {
        var shape = x.shape;
        if (shape.Length != 3 || shape[2] != InputSize)
            throw new ArgumentException($"VariationalLstm: input has shape [{string.Join(", ", shape)}]: expected [T, N, {InputSize}]");
        var batch = shape[1];
        using var scope = NewDisposeScope();
        var s = state ?? ZeroState(batch);
        if (s.H.Length != layers.Count) throw new ArgumentException($"VariationalLstm: the state has {s.H.Length} layers, the model {layers.Count}");
        var active = training && Dropout > 0;
        var input = active ? x * Mask(batch, InputSize) : x;
        var hs = new Tensor[layers.Count];
        var cs = new Tensor[layers.Count];
        for (var l = 0; l < layers.Count; l++)
        {
            var (wih, whh, bih, bhh) = layers[l];
            var mask = active ? Mask(batch, HiddenSizes[l]) : null;
            var gates = nn.functional.linear(input, wih, bih + bhh);                       // [T, N, 4H], one GEMM
            var (output, h, c) = nn.functional.lstm_recurrence(gates, s.H[l], s.C[l], whh, mask);
            hs[l] = h.MoveToOuterDisposeScope();
            cs[l] = c.MoveToOuterDisposeScope();
            input = mask is null ? output : output * mask;                                 // same mask as the recurrence
        }
        var result = (input.MoveToOuterDisposeScope(), new LstmState(hs, cs));
        return AfterForward(x, result);
    }

    // Inverted dropout mask [N, size]: kept units scaled by 1/(1-p), so evaluation needs no rescaling.
    private Tensor Mask(long batch, long size) => bernoulli(full([batch, size], 1 - Dropout, layers[0].Whh.dtype)) / (1 - Dropout);

    protected override string extra_repr() => $"{InputSize}, [{string.Join(", ", HiddenSizes)}], dropout={Dropout}";
}
