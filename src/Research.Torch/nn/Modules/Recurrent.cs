using Research.Torch.Native;

namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Multi-layer RNN, LSTM and GRU on libtorch's fused kernels. Parameters follow PyTorch's names and
        /// layout (weight_ih_l0 [gates*hidden, input], weight_hh_l0, bias_ih_l0, bias_hh_l0, ..._reverse) and
        /// are initialised U(±1/√hidden_size), so a state dict moves between the two unchanged.
        /// Input is [T, N, input] ([N, T, input] with batch_first); the state is [layers*directions, N, hidden].
        /// </summary>
        public abstract unsafe class RecurrentBase : Module
        {
            private readonly int mode;
            private readonly List<Tensor> flat = new();

            protected RecurrentBase(int mode, long gates, long input_size, long hidden_size, long num_layers, bool bias,
                bool batch_first, double dropout, bool bidirectional)
            {
                if (input_size <= 0 || hidden_size <= 0 || num_layers <= 0)
                    throw new ArgumentOutOfRangeException(nameof(hidden_size), $"{GetType().Name}: sizes must be positive, got input={input_size}, hidden={hidden_size}, layers={num_layers}");
                if (dropout is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(dropout), $"{GetType().Name}: dropout must be in [0, 1], got {dropout}");
                this.mode = mode;
                this.input_size = input_size;
                this.hidden_size = hidden_size;
                this.num_layers = num_layers;
                this.bias = bias;
                this.batch_first = batch_first;
                this.dropout = dropout;
                this.bidirectional = bidirectional;
                var directions = bidirectional ? 2 : 1;
                for (var layer = 0; layer < num_layers; layer++)
                    for (var d = 0; d < directions; d++)
                    {
                        var suffix = $"_l{layer}" + (d == 1 ? "_reverse" : "");
                        var layerInput = layer == 0 ? input_size : hidden_size * directions;
                        flat.Add(register_parameter("weight_ih" + suffix, empty([gates * hidden_size, layerInput])));
                        flat.Add(register_parameter("weight_hh" + suffix, empty([gates * hidden_size, hidden_size])));
                        if (!bias) continue;
                        flat.Add(register_parameter("bias_ih" + suffix, empty([gates * hidden_size])));
                        flat.Add(register_parameter("bias_hh" + suffix, empty([gates * hidden_size])));
                    }
                reset_parameters();
            }

            public long input_size { get; }
            public long hidden_size { get; }
            public long num_layers { get; }
            public bool bias { get; }
            public bool batch_first { get; }
            public double dropout { get; }
            public bool bidirectional { get; }

            public void reset_parameters()
            {
                var bound = 1 / Math.Sqrt(hidden_size);
                foreach (var p in flat) init.uniform_(p, -bound, bound);
            }

            /// <summary>A zero state [layers*directions, N, hidden] for a batch of the given size.</summary>
            public Tensor zero_state(long batch_size) =>
                zeros([num_layers * (bidirectional ? 2 : 1), batch_size, hidden_size], flat[0].dtype);

            private protected (Tensor Output, Tensor H, Tensor? C) Run(Tensor input, Tensor? h0, Tensor? c0)
            {
                var shape = input.shape;
                if (shape.Length != 3 || shape[2] != input_size)
                    throw new ArgumentException($"{GetType().Name}: input has shape [{string.Join(", ", shape)}]: expected [{(batch_first ? "N, T" : "T, N")}, {input_size}]");
                var batch = batch_first ? shape[0] : shape[1];
                using var scope = NewDisposeScope();
                var h = h0 ?? zero_state(batch);
                var c = mode == 1 ? c0 ?? zero_state(batch) : null;
                CheckState(h, batch, "h0");
                if (c is not null) CheckState(c, batch, "c0");
                var handles = flat.Select(p => p.Handle).ToArray();
                IntPtr hOut, cOut = IntPtr.Zero;
                IntPtr r;
                fixed (IntPtr* ps = handles)
                    r = LibTorch.rt_rnn(mode, input.Handle, h.Handle, Tensor.HandleOrZero(c), ps, handles.Length, bias ? 1 : 0,
                        num_layers, dropout, training ? 1 : 0, bidirectional ? 1 : 0, batch_first ? 1 : 0, &hOut, mode == 1 ? &cOut : null);
                GC.KeepAlive(input);
                GC.KeepAlive(h);
                GC.KeepAlive(c);
                scope.Dispose();
                var output = Tensor.Wrap(r, GetType().Name);
                return (output, new Tensor(hOut), mode == 1 ? new Tensor(cOut) : null);
            }

            private void CheckState(Tensor state, long batch, string name)
            {
                long[] expected = [num_layers * (bidirectional ? 2 : 1), batch, hidden_size];
                if (!state.shape.SequenceEqual(expected))
                    throw new ArgumentException($"{GetType().Name}: {name} has shape [{string.Join(", ", state.shape)}]: expected [{string.Join(", ", expected)}]");
            }

            protected override string extra_repr() =>
                $"{input_size}, {hidden_size}" + (num_layers != 1 ? $", num_layers={num_layers}" : "") + (batch_first ? ", batch_first=True" : "") +
                (dropout > 0 ? $", dropout={dropout}" : "") + (bidirectional ? ", bidirectional=True" : "") + (!bias ? ", bias=False" : "");
        }

        /// <summary>A recurrent module whose state is one tensor (RNN, GRU).</summary>
        public abstract class SingleStateRecurrent(int mode, long gates, long input_size, long hidden_size, long num_layers, bool bias,
            bool batch_first, double dropout, bool bidirectional)
            : RecurrentBase(mode, gates, input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)
        {
            /// <summary>Returns the output sequence and the final hidden state; pass the previous state to continue a sequence.</summary>
            public (Tensor Output, Tensor H) call(Tensor input, Tensor? h0 = null)
            {
                var (output, h, _) = Run(input, h0, null);
                return AfterForward(input, (output, h));
            }
        }

        /// <summary>Elman RNN with tanh: h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh).</summary>
        public sealed class RNN(long input_size, long hidden_size, long num_layers = 1, bool bias = true, bool batch_first = false,
            double dropout = 0, bool bidirectional = false)
            : SingleStateRecurrent(0, 1, input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional);

        /// <summary>GRU with PyTorch's gate order (r, z, n).</summary>
        public sealed class GRU(long input_size, long hidden_size, long num_layers = 1, bool bias = true, bool batch_first = false,
            double dropout = 0, bool bidirectional = false)
            : SingleStateRecurrent(2, 3, input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional);

        /// <summary>LSTM with PyTorch's gate order (i, f, g, o).</summary>
        public sealed class LSTM(long input_size, long hidden_size, long num_layers = 1, bool bias = true, bool batch_first = false,
            double dropout = 0, bool bidirectional = false)
            : RecurrentBase(1, 4, input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)
        {
            /// <summary>Returns the output sequence and the final (h, c); pass the previous state to continue a sequence.</summary>
            public (Tensor Output, (Tensor H, Tensor C) State) call(Tensor input, (Tensor H, Tensor C)? state = null)
            {
                var (output, h, c) = Run(input, state?.H, state?.C);
                return AfterForward(input, (output, (h, c!)));
            }
        }
    }
}
