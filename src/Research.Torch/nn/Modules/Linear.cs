namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>y = x Wᵀ + b, W [out_features, in_features]; initialised as PyTorch does (same draws for the same seed).</summary>
        public sealed class Linear : Module<Tensor, Tensor>
        {
            public Linear(long in_features, long out_features, bool bias = true, ScalarType? dtype = null)
            {
                if (in_features <= 0 || out_features <= 0)
                    throw new ArgumentOutOfRangeException(nameof(in_features), $"Linear: features must be positive, got in={in_features}, out={out_features}");
                this.in_features = in_features;
                this.out_features = out_features;
                weight = register_parameter("weight", empty([out_features, in_features], dtype));
                if (bias) this.bias = register_parameter("bias", empty([out_features], dtype));
                else register_absent_parameter("bias");
                reset_parameters();
            }

            public long in_features { get; }
            public long out_features { get; }
            public Tensor weight { get; }
            public Tensor? bias { get; }

            /// <summary>kaiming_uniform_(a = √5) for the weight, U(±1/√fan_in) for the bias.</summary>
            public void reset_parameters()
            {
                init.kaiming_uniform_(weight, a: Math.Sqrt(5));
                if (bias is not null) init.uniform_(bias, -1 / Math.Sqrt(in_features), 1 / Math.Sqrt(in_features));
            }

            public override Tensor forward(Tensor input) => functional.linear(input, weight, bias);

            protected override string extra_repr() => $"in_features={in_features}, out_features={out_features}, bias={bias is not null}";
        }

        /// <summary>Returns its input (a placeholder layer).</summary>
        public sealed class Identity : Module<Tensor, Tensor>
        {
            public override Tensor forward(Tensor input) => input.Alias();
        }
    }
}
