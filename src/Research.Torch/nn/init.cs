namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Weight initialisation, as torch.nn.init. Every function fills in place, without recording autograd.</summary>
        public static class init
        {
            public static Tensor uniform_(Tensor tensor, double a = 0, double b = 1) => NoGrad(tensor, t => t.uniform_(a, b));

            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1) => NoGrad(tensor, t => t.normal_(mean, std));

            public static Tensor constant_(Tensor tensor, double value) => NoGrad(tensor, t => t.fill_(value));

            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);

            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>Glorot: U(±gain·√(6 / (fan_in + fan_out))).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>Glorot: N(0, gain²·2 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                return normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
            }

            /// <summary>He: U(±gain·√(3 / fan)), gain from the nonlinearity (a is leaky_relu's slope).</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                var bound = Math.Sqrt(3.0) * KaimingStd(tensor, a, mode, nonlinearity);
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>He: N(0, gain² / fan).</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
                normal_(tensor, 0, KaimingStd(tensor, a, mode, nonlinearity));

            private static double KaimingStd(Tensor tensor, double a, string mode, string nonlinearity)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var fan = mode switch
                {
                    "fan_in" => fanIn,
                    "fan_out" => fanOut,
                    _ => throw new ArgumentException($"kaiming: mode must be 'fan_in' or 'fan_out', got '{mode}'"),
                };
                return calculate_gain(nonlinearity, a) / Math.Sqrt(fan);
            }

            /// <summary>The recommended gain for a nonlinearity (PyTorch's table).</summary>
            public static double calculate_gain(string nonlinearity, double param = 0) => nonlinearity switch
            {
                "linear" or "conv1d" or "conv2d" or "conv3d" or "sigmoid" => 1,
                "tanh" => 5.0 / 3,
                "relu" => Math.Sqrt(2.0),
                "leaky_relu" => Math.Sqrt(2.0 / (1 + param * param)),
                "selu" => 3.0 / 4,
                _ => throw new ArgumentException($"calculate_gain: unsupported nonlinearity '{nonlinearity}'"),
            };

            /// <summary>fan_in = size(1)·receptive field, fan_out = size(0)·receptive field.</summary>
            public static (long FanIn, long FanOut) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                var shape = tensor.shape;
                if (shape.Length < 2)
                    throw new ArgumentException($"fan in and fan out need a tensor with at least 2 dimensions, got shape [{string.Join(", ", shape)}]");
                var receptive = shape.Skip(2).Aggregate(1L, (a, b) => a * b);
                return (shape[1] * receptive, shape[0] * receptive);
            }

            private static Tensor NoGrad(Tensor tensor, Action<Tensor> fill)
            {
                using var _ = no_grad();
                fill(tensor);
                return tensor;
            }
        }
    }
}
