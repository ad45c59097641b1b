namespace Research.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// A set of parameters with their own options (lr, momentum, weight_decay, ...), as in PyTorch's
        /// param_groups. Options a group does not set take the optimiser's defaults. Booleans are stored as 0 / 1.
        /// </summary>
        public sealed class ParamGroup
        {
            public ParamGroup(IEnumerable<Tensor> parameters, double? lr = null, double? weight_decay = null)
            {
                Parameters = parameters?.ToList() ?? throw new ArgumentNullException(nameof(parameters));
                if (lr.HasValue) Options["lr"] = lr.Value;
                if (weight_decay.HasValue) Options["weight_decay"] = weight_decay.Value;
            }

            public IReadOnlyList<Tensor> Parameters { get; }

            public Dictionary<string, double> Options { get; } = new();

            /// <summary>The group's learning rate (schedulers set it).</summary>
            public double lr
            {
                get => Options["lr"];
                set => Options["lr"] = value;
            }

            public double this[string option]
            {
                get => Options.TryGetValue(option, out var v) ? v : throw new KeyNotFoundException($"param group has no option '{option}'");
                set => Options[option] = value;
            }
        }
    }
}
