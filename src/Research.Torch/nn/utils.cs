namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static class utils
        {
            /// <summary>
            /// Scales all gradients together so that their global p-norm is at most max_norm (PyTorch's
            /// clip_grad_norm_: every gradient is multiplied by min(1, max_norm / (norm + 1e-6))).
            /// Returns the norm before clipping.
            /// </summary>
            public static double clip_grad_norm_(IEnumerable<Tensor> parameters, double max_norm, double norm_type = 2.0)
            {
                if (max_norm < 0) throw new ArgumentOutOfRangeException(nameof(max_norm), $"clip_grad_norm_: max_norm must be non-negative, got {max_norm}");
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
                if (grads.Count == 0) return 0;
                var total = double.IsPositiveInfinity(norm_type)
                    ? stack(grads.Select(g => g.abs().max()).ToList()).max()
                    : stack(grads.Select(g => g.norm(norm_type)).ToList()).norm(norm_type);
                var coefficient = (max_norm / (total + 1e-6)).clamp(max: 1.0);
                foreach (var g in grads) g.mul_(coefficient);
                return total.item();
            }
        }
    }
}
