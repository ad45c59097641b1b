using Research.Torch.Native;

namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        // Layer functions, as in torch.nn.functional; the modules in nn/ call these.
        public static unsafe partial class functional
        {
            /// <summary>x Wᵀ + b for x [..., in], W [out, in].</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                var r = LibTorch.rt_linear(input.Handle, weight.Handle, Tensor.HandleOrZero(bias));
                return Keep(r, "linear", input, weight, bias);
            }

            /// <summary>2-D convolution of input [N, C, H, W] with weight [out, C/groups, kH, kW].</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, (long, long)? stride = null,
                (long, long)? padding = null, (long, long)? dilation = null, long groups = 1)
            {
                var s = Pair(stride ?? (1, 1));
                var p = Pair(padding ?? (0, 0));
                var d = Pair(dilation ?? (1, 1));
                IntPtr r;
                fixed (long* ps = s, pp = p, pd = d)
                    r = LibTorch.rt_conv2d(input.Handle, weight.Handle, Tensor.HandleOrZero(bias), ps, pp, pd, groups);
                return Keep(r, "conv2d", input, weight, bias);
            }

            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null,
                Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5)
            {
                var r = LibTorch.rt_batch_norm(input.Handle, Tensor.HandleOrZero(weight), Tensor.HandleOrZero(bias),
                    Tensor.HandleOrZero(running_mean), Tensor.HandleOrZero(running_var), training ? 1 : 0, momentum, eps);
                return Keep(r, "batch_norm", input, weight, bias, running_mean, running_var);
            }

            public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                IntPtr r;
                fixed (long* s = normalized_shape)
                    r = LibTorch.rt_layer_norm(input.Handle, s, normalized_shape.Length, Tensor.HandleOrZero(weight), Tensor.HandleOrZero(bias), eps);
                return Keep(r, "layer_norm", input, weight, bias);
            }

            /// <summary>Zeroes elements with probability p during training and scales the rest by 1/(1-p).</summary>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true)
            {
                if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), $"dropout: p must be in [0, 1], got {p}");
                return Keep(LibTorch.rt_dropout(input.Handle, p, training ? 1 : 0), "dropout", input);
            }

            public static Tensor max_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null,
                (long, long)? padding = null, (long, long)? dilation = null, bool ceil_mode = false)
            {
                var k = Pair(kernel_size);
                var s = Pair(stride ?? kernel_size);
                var p = Pair(padding ?? (0, 0));
                var d = Pair(dilation ?? (1, 1));
                IntPtr r;
                fixed (long* pk = k, ps = s, pp = p, pd = d)
                    r = LibTorch.rt_max_pool2d(input.Handle, pk, ps, pp, pd, ceil_mode ? 1 : 0);
                return Keep(r, "max_pool2d", input);
            }

            public static Tensor avg_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null,
                (long, long)? padding = null, bool ceil_mode = false, bool count_include_pad = true)
            {
                var k = Pair(kernel_size);
                var s = Pair(stride ?? kernel_size);
                var p = Pair(padding ?? (0, 0));
                IntPtr r;
                fixed (long* pk = k, ps = s, pp = p)
                    r = LibTorch.rt_avg_pool2d(input.Handle, pk, ps, pp, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0);
                return Keep(r, "avg_pool2d", input);
            }

            public static Tensor adaptive_avg_pool2d(Tensor input, (long, long) output_size)
            {
                var o = Pair(output_size);
                fixed (long* po = o) return Keep(LibTorch.rt_adaptive_avg_pool2d(input.Handle, po), "adaptive_avg_pool2d", input);
            }

            /// <summary>Rows of weight [V, d] at the int64 indices; rows at padding_idx get no gradient.</summary>
            public static Tensor embedding(Tensor input, Tensor weight, long? padding_idx = null)
            {
                if (input.dtype is not (ScalarType.Int64 or ScalarType.Int32))
                    throw new ArgumentException($"embedding: indices must be int64 or int32, got {input.dtype.PyTorchName()}");
                var r = LibTorch.rt_embedding(weight.Handle, input.Handle, padding_idx ?? -1);
                return Keep(r, "embedding", input, weight);
            }

            /// <summary>Pads the last dimensions: pad = (left, right[, top, bottom, ...]); mode constant, reflect, replicate or circular.</summary>
            public static Tensor pad(Tensor input, long[] pad, string mode = "constant", double value = 0)
            {
                if (pad.Length % 2 != 0) throw new ArgumentException($"pad: expected an even number of pad sizes, got {pad.Length}");
                if (mode is not ("constant" or "reflect" or "replicate" or "circular"))
                    throw new ArgumentException($"pad: mode must be constant, reflect, replicate or circular, got '{mode}'");
                fixed (long* p = pad) return Keep(LibTorch.rt_pad(input.Handle, p, pad.Length, mode, value), "pad", input);
            }

            /// <summary>x / max(‖x‖_p, eps) along dim.</summary>
            public static Tensor normalize(Tensor input, double p = 2.0, long dim = 1, double eps = 1e-12)
            {
                using var norm = input.norm(p, dim, keepdim: true);
                using var clamped = norm.clamp_min(eps);
                using var expanded = clamped.expand_as(input);
                return input / expanded;
            }

            public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
                Keep(LibTorch.rt_cosine_similarity(x1.Handle, x2.Handle, dim, eps), "cosine_similarity", x1, x2);

            public static Tensor relu(Tensor input) => input.relu();
            public static Tensor gelu(Tensor input, string approximate = "none") => input.gelu(approximate);
            public static Tensor tanh(Tensor input) => input.tanh();
            public static Tensor sigmoid(Tensor input) => input.sigmoid();
            public static Tensor silu(Tensor input) => input.silu();
            public static Tensor softplus(Tensor input) => input.softplus();
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01) => input.leaky_relu(negative_slope);
            public static Tensor softmax(Tensor input, long dim) => input.softmax(dim);
            public static Tensor log_softmax(Tensor input, long dim) => input.log_softmax(dim);
            public static Tensor logsigmoid(Tensor input) => input.logsigmoid();

            private static long[] Pair((long, long) p) => [p.Item1, p.Item2];
        }
    }
}
