using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// Plain LSTM layers (no dropout masks) run by libtorch's fused kernel: one single-layer nn.LSTM per layer, because
/// layer sizes may differ, with the owner's weights copied in at every call (same names and gate order i, f, g, o as
/// <see cref="VariationalLstm"/>). The owner does not register it, so it adds nothing to the state dict or the
/// optimiser. At paper 5's d = 64 this runs an evaluation pass 3.5x faster than the step loop, and the copies and the
/// per-layer calls cost 2-8% over one 2-layer nn.LSTM call (bench/RESULTS.md, lstm-route).
/// </summary>
internal sealed class FusedLstmLayers(long inputSize, long[] hiddenSizes) : IDisposable
{
    private Layer[]? layers;

    /// <summary>x [T, N, input] through every layer from state s; weights per layer (W_ih, W_hh, b_ih, b_hh). Results live in the caller's DisposeScope.</summary>
    public (Tensor Output, LstmState State) Run(Tensor x, LstmState s, IReadOnlyList<(Parameter Wih, Parameter Whh, Parameter Bih, Parameter Bhh)> weights)
    {
        var kernels = Kernels(weights[0].Whh);
        var input = x;
        var hs = new Tensor[kernels.Length];
        var cs = new Tensor[kernels.Length];
        for (var l = 0; l < kernels.Length; l++)
            (input, hs[l], cs[l]) = kernels[l].Run(weights[l], input, s.H[l], s.C[l]);   // [T, N, H_l], [N, H_l] x 2
        return (input, new LstmState(hs, cs));
    }

    // Built again when the owner's weights moved to another dtype or device (Module.to).
    private Layer[] Kernels(Tensor like)
    {
        if (layers is not null && layers[0].Matches(like)) return layers;
        Dispose();
        // nn.LSTM initialises its weights from the global generator; those draws would shift every later dropout mask
        // (and a resumed run builds this at another point than an uninterrupted one), so the generator is put back.
        using var rng = torch.get_rng_state();
        var input = inputSize;
        layers = new Layer[hiddenSizes.Length];
        for (var l = 0; l < hiddenSizes.Length; l++)
        {
            layers[l] = new Layer(input, hiddenSizes[l], like.dtype, like.device);
            input = hiddenSizes[l];
        }
        torch.set_rng_state(rng);
        return layers;
    }

    public void Dispose()
    {
        foreach (var layer in layers ?? []) layer.Dispose();
        layers = null;
    }

    private sealed class Layer : IDisposable
    {
        private readonly LSTM lstm;
        private readonly Parameter wih, whh, bih, bhh;

        public Layer(long input, long hidden, ScalarType dtype, Device device)
        {
            lstm = nn.LSTM(input, hidden, numLayers: 1, device: device, dtype: dtype);
            lstm.eval();
            // Built inside the owner's forward, whose DisposeScope would dispose the module's parameter tensors at its end.
            var p = lstm.named_parameters().ToDictionary(n => n.name, n => n.parameter);
            foreach (var t in p.Values) t.DetachFromDisposeScope();
            (wih, whh, bih, bhh) = (p["weight_ih_l0"], p["weight_hh_l0"], p["bias_ih_l0"], p["bias_hh_l0"]);
        }

        public bool Matches(Tensor like) =>
            whh.dtype == like.dtype && whh.device_type == like.device_type && whh.device_index == like.device_index;

        public (Tensor Output, Tensor H, Tensor C) Run((Parameter Wih, Parameter Whh, Parameter Bih, Parameter Bhh) weights, Tensor x, Tensor h, Tensor c)
        {
            using (no_grad())
            {
                wih.copy_(weights.Wih);
                whh.copy_(weights.Whh);
                bih.copy_(weights.Bih);
                bhh.copy_(weights.Bhh);
            }
            var (output, hn, cn) = lstm.call(x, (h.unsqueeze(0), c.unsqueeze(0)));   // state [1, N, H]
            return (output, hn.squeeze(0), cn.squeeze(0));
        }

        public void Dispose() => lstm.Dispose();
    }
}
