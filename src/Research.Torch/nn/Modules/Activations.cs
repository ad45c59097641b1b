namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A parameter-free layer that applies one function.</summary>
        public abstract class Activation(Func<Tensor, Tensor> f, string settings = "") : Module<Tensor, Tensor>
        {
            public override Tensor forward(Tensor input) => f(input);

            protected override string extra_repr() => settings;
        }

        public sealed class ReLU() : Activation(x => x.relu());
        public sealed class GELU(string approximate = "none") : Activation(x => x.gelu(approximate), approximate == "none" ? "" : $"approximate='{approximate}'");
        public sealed class Tanh() : Activation(x => x.tanh());
        public sealed class Sigmoid() : Activation(x => x.sigmoid());
        public sealed class SiLU() : Activation(x => x.silu());
        public sealed class Softplus() : Activation(x => x.softplus());
        public sealed class LeakyReLU(double negative_slope = 0.01) : Activation(x => x.leaky_relu(negative_slope), $"negative_slope={negative_slope}");
        public sealed class Softmax(long dim) : Activation(x => x.softmax(dim), $"dim={dim}");
        public sealed class LogSoftmax(long dim) : Activation(x => x.log_softmax(dim), $"dim={dim}");

        /// <summary>Flattens dims start_dim..end_dim (by default everything but the batch).</summary>
        public sealed class Flatten(long start_dim = 1, long end_dim = -1) : Activation(x => x.flatten(start_dim, end_dim), $"start_dim={start_dim}, end_dim={end_dim}");

        /// <summary>Zeroes elements with probability p in training mode, scaling the rest by 1/(1-p); the identity in eval mode.</summary>
        public sealed class Dropout : Module<Tensor, Tensor>
        {
            public Dropout(double p = 0.5)
            {
                if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p must be in [0, 1], got {p}");
                this.p = p;
            }

            public double p { get; }

            public override Tensor forward(Tensor input) => functional.dropout(input, p, training);

            protected override string extra_repr() => $"p={p}";
        }
    }
}
