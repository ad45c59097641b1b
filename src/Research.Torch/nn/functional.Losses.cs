using Research.Torch.Native;

namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        // Losses, as in torch.nn.functional.
        public static partial class functional
        {
            /// <summary>
            /// Cross entropy between logits [N, C] (or [N, C, d...]) and class indices [N] (or [N, d...]),
            /// or class probabilities of the input's shape. Targets equal to ignore_index are skipped.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean, double label_smoothing = 0.0)
            {
                if (label_smoothing is < 0 or > 1)
                    throw new ArgumentOutOfRangeException(nameof(label_smoothing), $"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing}");
                CheckClassTarget(input, target, "cross_entropy");
                var r = LibTorch.rt_cross_entropy(input.Handle, target.Handle, Tensor.HandleOrZero(weight), (int)reduction, ignore_index, label_smoothing);
                return Keep(r, "cross_entropy", input, target, weight);
            }

            /// <summary>Negative log-likelihood of log-probabilities [N, C] at class indices [N].</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean)
            {
                CheckClassTarget(input, target, "nll_loss");
                var r = LibTorch.rt_nll_loss(input.Handle, target.Handle, Tensor.HandleOrZero(weight), (int)reduction, ignore_index);
                return Keep(r, "nll_loss", input, target, weight);
            }

            /// <summary>
            /// KL(target ‖ input) with input given as log-probabilities, PyTorch's convention; log_target says
            /// whether target is also in log space. Reduction "batchmean" is <see cref="kl_div_batchmean"/>.
            /// </summary>
            public static Tensor kl_div(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool log_target = false)
            {
                CheckSameShape(input, target, "kl_div");
                var r = LibTorch.rt_kl_div(input.Handle, target.Handle, (int)reduction, log_target ? 1 : 0);
                return Keep(r, "kl_div", input, target);
            }

            /// <summary>KL divergence summed and divided by the batch size (PyTorch's reduction='batchmean').</summary>
            public static Tensor kl_div_batchmean(Tensor input, Tensor target, bool log_target = false)
            {
                using var sum = kl_div(input, target, Reduction.Sum, log_target);
                return sum / input.size(0);
            }

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                CheckSameShape(input, target, "mse_loss");
                return Keep(LibTorch.rt_mse_loss(input.Handle, target.Handle, (int)reduction), "mse_loss", input, target);
            }

            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                CheckSameShape(input, target, "l1_loss");
                return Keep(LibTorch.rt_l1_loss(input.Handle, target.Handle, (int)reduction), "l1_loss", input, target);
            }

            /// <summary>Sigmoid + binary cross entropy in one stable step; pos_weight scales the positive term per class.</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null,
                Tensor? pos_weight = null, Reduction reduction = Reduction.Mean)
            {
                CheckSameShape(input, target, "binary_cross_entropy_with_logits");
                var r = LibTorch.rt_bce_with_logits(input.Handle, target.Handle, Tensor.HandleOrZero(weight), Tensor.HandleOrZero(pos_weight), (int)reduction);
                return Keep(r, "binary_cross_entropy_with_logits", input, target, weight, pos_weight);
            }

            private static void CheckClassTarget(Tensor input, Tensor target, string op)
            {
                if (target.dtype.IsFloatingPoint())
                {
                    CheckSameShape(input, target, op);
                    return;
                }
                var x = input.shape;
                var y = target.shape;
                var expected = x.Length >= 2 ? x.Take(1).Concat(x.Skip(2)).ToArray() : [];
                if (!y.SequenceEqual(expected))
                    throw new ArgumentException(
                        $"{op}: target has shape [{string.Join(", ", y)}] but input has shape [{string.Join(", ", x)}]: expected [{string.Join(", ", expected)}]");
            }

            private static void CheckSameShape(Tensor input, Tensor target, string op)
            {
                var x = input.shape;
                var y = target.shape;
                if (!x.SequenceEqual(y))
                    throw new ArgumentException(
                        $"{op}: target has shape [{string.Join(", ", y)}] but input has shape [{string.Join(", ", x)}]: expected the same shape");
            }

            private static Tensor Keep(IntPtr result, string op, params Tensor?[] operands)
            {
                GC.KeepAlive(operands);
                return Tensor.Wrap(result, op);
            }
        }
    }
}
