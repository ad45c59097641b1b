namespace Research.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay, the same update
        /// as PyTorch's: d = g + wd·p; b = μb + (1-τ)d (b = d on the first step); d = d + μb (Nesterov) or b; p -= lr·d.
        /// </summary>
        public sealed class SGD : Optimizer
        {
            public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0,
                double weight_decay = 0, bool nesterov = false)
                : this([new ParamGroup(parameters)], lr, momentum, dampening, weight_decay, nesterov)
            {
            }

            public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0,
                double weight_decay = 0, bool nesterov = false)
                : base(groups, new Dictionary<string, double>
                {
                    ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening,
                    ["weight_decay"] = weight_decay, ["nesterov"] = nesterov ? 1 : 0,
                })
            {
                if (lr < 0) throw new ArgumentOutOfRangeException(nameof(lr), $"SGD: invalid learning rate {lr}");
                if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), $"SGD: invalid momentum {momentum}");
                if (weight_decay < 0) throw new ArgumentOutOfRangeException(nameof(weight_decay), $"SGD: invalid weight_decay {weight_decay}");
                if (nesterov && (momentum <= 0 || dampening != 0))
                    throw new ArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
            }

            protected override void Update(Tensor p, Tensor grad, ParamGroup g, Dictionary<string, Tensor> state)
            {
                var d = grad;
                var wd = g["weight_decay"];
                if (wd != 0) d = d.add(p, wd);
                var momentum = g["momentum"];
                if (momentum != 0)
                {
                    Tensor buffer;
                    if (!state.TryGetValue("momentum_buffer", out var existing)) buffer = Keep(state, "momentum_buffer", d.clone());
                    else buffer = existing.mul_(momentum).add_(d, 1 - g["dampening"]);
                    d = Flag(g, "nesterov") ? d.add(buffer, momentum) : buffer;
                }
                p.add_(d, -g.lr);
            }
        }
    }
}
