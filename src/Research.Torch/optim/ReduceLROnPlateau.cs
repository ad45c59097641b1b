namespace Research.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// Multiplies the learning rates by factor when the monitored metric has not improved for more than
        /// patience epochs (PyTorch's ReduceLROnPlateau, relative or absolute threshold, cooldown, min_lr).
        /// </summary>
        public sealed class ReduceLROnPlateau
        {
            private readonly Optimizer optimizer;
            private readonly bool minimize;
            private readonly double factor;
            private readonly int patience;
            private readonly double threshold;
            private readonly bool relative;
            private readonly int cooldown;
            private readonly double minLr;
            private readonly double eps;

            public ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10,
                double threshold = 1e-4, string threshold_mode = "rel", int cooldown = 0, double min_lr = 0, double eps = 1e-8)
            {
                this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
                if (factor >= 1) throw new ArgumentOutOfRangeException(nameof(factor), $"ReduceLROnPlateau: factor must be < 1, got {factor}");
                minimize = mode switch
                {
                    "min" => true,
                    "max" => false,
                    _ => throw new ArgumentException($"ReduceLROnPlateau: mode must be 'min' or 'max', got '{mode}'"),
                };
                relative = threshold_mode switch
                {
                    "rel" => true,
                    "abs" => false,
                    _ => throw new ArgumentException($"ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs', got '{threshold_mode}'"),
                };
                this.factor = factor;
                this.patience = patience;
                this.threshold = threshold;
                this.cooldown = cooldown;
                minLr = min_lr;
                this.eps = eps;
                best = minimize ? double.PositiveInfinity : double.NegativeInfinity;
            }

            public double best { get; private set; }
            public int num_bad_epochs { get; private set; }
            public int cooldown_counter { get; private set; }
            public int last_epoch { get; private set; }

            /// <summary>Reports the epoch's metric; returns true when the learning rates were reduced.</summary>
            public bool step(double metric)
            {
                last_epoch++;
                if (IsBetter(metric))
                {
                    best = metric;
                    num_bad_epochs = 0;
                }
                else num_bad_epochs++;
                if (cooldown_counter > 0)
                {
                    cooldown_counter--;
                    num_bad_epochs = 0;
                }
                if (num_bad_epochs <= patience) return false;
                var reduced = false;
                foreach (var g in optimizer.param_groups)
                {
                    var next = Math.Max(g.lr * factor, minLr);
                    if (g.lr - next > eps)
                    {
                        g.lr = next;
                        reduced = true;
                    }
                }
                cooldown_counter = cooldown;
                num_bad_epochs = 0;
                return reduced;
            }

            private bool IsBetter(double metric) => (minimize, relative) switch
            {
                (true, true) => metric < best * (1 - threshold),
                (true, false) => metric < best - threshold,
                (false, true) => metric > best * (1 + threshold),
                (false, false) => metric > best + threshold,
            };

            public SchedulerState state_dict() => new(last_epoch, [], new Dictionary<string, double>
            {
                ["best"] = best, ["num_bad_epochs"] = num_bad_epochs, ["cooldown_counter"] = cooldown_counter,
            });

            public void load_state_dict(SchedulerState state)
            {
                last_epoch = state.LastEpoch;
                best = state.Extra["best"];
                num_bad_epochs = (int)state.Extra["num_bad_epochs"];
                cooldown_counter = (int)state.Extra["cooldown_counter"];
            }
        }
    }
}
