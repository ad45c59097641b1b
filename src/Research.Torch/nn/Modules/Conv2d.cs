namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>2-D convolution over [N, C, H, W]; weight [out, in/groups, kH, kW], initialised as PyTorch does.</summary>
        public sealed class Conv2d : Module<Tensor, Tensor>
        {
            public Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null,
                (long, long)? padding = null, (long, long)? dilation = null, long groups = 1, bool bias = true)
            {
                if (in_channels <= 0 || out_channels <= 0 || groups <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
                    throw new ArgumentException($"Conv2d: channels {in_channels} -> {out_channels} must be positive and divisible by groups={groups}");
                this.in_channels = in_channels;
                this.out_channels = out_channels;
                this.kernel_size = kernel_size;
                this.stride = stride ?? (1, 1);
                this.padding = padding ?? (0, 0);
                this.dilation = dilation ?? (1, 1);
                this.groups = groups;
                weight = register_parameter("weight", empty([out_channels, in_channels / groups, kernel_size.Item1, kernel_size.Item2]));
                if (bias) this.bias = register_parameter("bias", empty([out_channels]));
                else register_absent_parameter("bias");
                reset_parameters();
            }

            /// <summary>A square kernel.</summary>
            public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, bool bias = true)
                : this(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), (padding, padding), bias: bias)
            {
            }

            public long in_channels { get; }
            public long out_channels { get; }
            public (long, long) kernel_size { get; }
            public (long, long) stride { get; }
            public (long, long) padding { get; }
            public (long, long) dilation { get; }
            public long groups { get; }
            public Tensor weight { get; }
            public Tensor? bias { get; }

            public void reset_parameters()
            {
                init.kaiming_uniform_(weight, a: Math.Sqrt(5));
                if (bias is null) return;
                var (fanIn, _) = init.calculate_fan_in_and_fan_out(weight);
                init.uniform_(bias, -1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn));
            }

            public override Tensor forward(Tensor input)
            {
                if (input.dim() != 4)
                    throw new ArgumentException($"Conv2d: input has shape [{string.Join(", ", input.shape)}]: expected [N, {in_channels}, H, W]");
                return functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
            }

            protected override string extra_repr() =>
                $"{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}" +
                (padding != (0, 0) ? $", padding={padding}" : "") + (groups != 1 ? $", groups={groups}" : "") + (bias is null ? ", bias=False" : "");
        }
    }
}
