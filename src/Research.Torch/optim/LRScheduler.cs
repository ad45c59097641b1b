namespace Research.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Saved scheduler progress: the epoch counter, the base learning rates and any scheduler-specific numbers.</summary>
        public sealed record SchedulerState(int LastEpoch, IReadOnlyList<double> BaseLrs, IReadOnlyDictionary<string, double> Extra);

        /// <summary>
        /// A learning-rate schedule over an optimiser's groups. Call step() once per epoch (or per iteration,
        /// as the schedule is meant); the constructor applies epoch 0, as PyTorch's schedulers do.
        /// </summary>
        public abstract class LRScheduler
        {
            protected LRScheduler(Optimizer optimizer)
            {
                this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
                base_lrs = optimizer.param_groups.Select(g => g.lr).ToList();
            }

            protected Optimizer optimizer { get; }

            public IReadOnlyList<double> base_lrs { get; private set; }

            public int last_epoch { get; private set; } = -1;

            /// <summary>The learning rates currently set on the groups.</summary>
            public IReadOnlyList<double> get_last_lr() => optimizer.param_groups.Select(g => g.lr).ToList();

            public virtual void step()
            {
                last_epoch++;
                for (var i = 0; i < optimizer.param_groups.Count; i++)
                    optimizer.param_groups[i].lr = LearningRate(base_lrs[i], last_epoch);
            }

            /// <summary>The learning rate of a group at an epoch, from its base rate.</summary>
            protected abstract double LearningRate(double baseLr, int epoch);

            public virtual SchedulerState state_dict() => new(last_epoch, base_lrs, new Dictionary<string, double>());

            public virtual void load_state_dict(SchedulerState state)
            {
                last_epoch = state.LastEpoch;
                base_lrs = state.BaseLrs.ToList();
            }

            protected void Start() => step();
        }

        /// <summary>lr = base · γ^⌊epoch / step_size⌋.</summary>
        public sealed class StepLR : LRScheduler
        {
            private readonly int stepSize;
            private readonly double gamma;

            public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1) : base(optimizer)
            {
                if (step_size <= 0) throw new ArgumentOutOfRangeException(nameof(step_size), $"StepLR: step_size must be positive, got {step_size}");
                stepSize = step_size;
                this.gamma = gamma;
                Start();
            }

            protected override double LearningRate(double baseLr, int epoch) => baseLr * Math.Pow(gamma, epoch / stepSize);
        }

        /// <summary>lr = η_min + (base − η_min)(1 + cos(π·epoch / T_max)) / 2.</summary>
        public sealed class CosineAnnealingLR : LRScheduler
        {
            private readonly int tMax;
            private readonly double etaMin;

            public CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0) : base(optimizer)
            {
                if (T_max <= 0) throw new ArgumentOutOfRangeException(nameof(T_max), $"CosineAnnealingLR: T_max must be positive, got {T_max}");
                tMax = T_max;
                etaMin = eta_min;
                Start();
            }

            protected override double LearningRate(double baseLr, int epoch) =>
                etaMin + (baseLr - etaMin) * (1 + Math.Cos(Math.PI * epoch / tMax)) / 2;
        }

        /// <summary>
        /// Linear warm-up (PyTorch's LinearLR): the factor goes from start_factor to end_factor over total_iters
        /// steps, then stays at end_factor.
        /// </summary>
        public sealed class LinearLR : LRScheduler
        {
            private readonly double start;
            private readonly double end;
            private readonly int total;

            public LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5) : base(optimizer)
            {
                if (start_factor is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(start_factor), $"LinearLR: start_factor must be in (0, 1], got {start_factor}");
                if (total_iters <= 0) throw new ArgumentOutOfRangeException(nameof(total_iters), $"LinearLR: total_iters must be positive, got {total_iters}");
                start = start_factor;
                end = end_factor;
                total = total_iters;
                Start();
            }

            /// <summary>Warm up from lr/warmup_steps... to lr over warmup_steps steps.</summary>
            public static LinearLR Warmup(Optimizer optimizer, int warmup_steps) =>
                new(optimizer, 1.0 / warmup_steps, 1.0, warmup_steps);

            protected override double LearningRate(double baseLr, int epoch) =>
                baseLr * (start + (end - start) * Math.Min(epoch, total) / total);
        }
    }
}
