namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Batch normalisation with running statistics; the 1-D and 2-D modules differ only in the input rank they accept.</summary>
        public abstract class BatchNorm : Module<Tensor, Tensor>
        {
            private readonly int[] acceptedRanks;

            protected BatchNorm(long num_features, double eps, double momentum, bool affine, bool track_running_stats, int[] ranks)
            {
                if (num_features <= 0) throw new ArgumentOutOfRangeException(nameof(num_features), $"{GetType().Name}: num_features must be positive, got {num_features}");
                this.num_features = num_features;
                this.eps = eps;
                this.momentum = momentum;
                acceptedRanks = ranks;
                if (affine)
                {
                    weight = register_parameter("weight", ones(num_features));
                    bias = register_parameter("bias", zeros(num_features));
                }
                else
                {
                    register_absent_parameter("weight");
                    register_absent_parameter("bias");
                }
                if (track_running_stats)
                {
                    running_mean = register_buffer("running_mean", zeros(num_features));
                    running_var = register_buffer("running_var", ones(num_features));
                    num_batches_tracked = register_buffer("num_batches_tracked", tensor(0L));
                }
            }

            public long num_features { get; }
            public double eps { get; }
            public double momentum { get; }
            public Tensor? weight { get; }
            public Tensor? bias { get; }
            public Tensor? running_mean { get; }
            public Tensor? running_var { get; }
            public Tensor? num_batches_tracked { get; }

            public override Tensor forward(Tensor input)
            {
                var shape = input.shape;
                if (!acceptedRanks.Contains(shape.Length) || shape[1] != num_features)
                    throw new ArgumentException($"{GetType().Name}: input has shape [{string.Join(", ", shape)}]: expected rank {string.Join(" or ", acceptedRanks)} with {num_features} channels in dim 1");
                if (training && num_batches_tracked is not null)
                {
                    using var _ = no_grad();
                    num_batches_tracked.add_(1);
                }
                var useBatchStats = training || running_mean is null;
                return functional.batch_norm(input, running_mean, running_var, weight, bias, useBatchStats, momentum, eps);
            }

            protected override string extra_repr() => $"{num_features}, eps={eps}, momentum={momentum}, affine={weight is not null}";
        }

        /// <summary>Batch normalisation over [N, C] or [N, C, L].</summary>
        public sealed class BatchNorm1d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true)
            : BatchNorm(num_features, eps, momentum, affine, track_running_stats, [2, 3]);

        /// <summary>Batch normalisation over [N, C, H, W].</summary>
        public sealed class BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true)
            : BatchNorm(num_features, eps, momentum, affine, track_running_stats, [4]);

        /// <summary>Normalises over the last dimensions (normalized_shape) of each sample.</summary>
        public sealed class LayerNorm : Module<Tensor, Tensor>
        {
            public LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true)
            {
                this.normalized_shape = normalized_shape;
                this.eps = eps;
                if (elementwise_affine)
                {
                    weight = register_parameter("weight", ones(normalized_shape));
                    bias = register_parameter("bias", zeros(normalized_shape));
                }
                else
                {
                    register_absent_parameter("weight");
                    register_absent_parameter("bias");
                }
            }

            public LayerNorm(long normalized_shape, double eps = 1e-5, bool elementwise_affine = true)
                : this([normalized_shape], eps, elementwise_affine)
            {
            }

            public long[] normalized_shape { get; }
            public double eps { get; }
            public Tensor? weight { get; }
            public Tensor? bias { get; }

            public override Tensor forward(Tensor input) => functional.layer_norm(input, normalized_shape, weight, bias, eps);

            protected override string extra_repr() => $"({string.Join(", ", normalized_shape)},), eps={eps}, elementwise_affine={weight is not null}";
        }
    }
}
