namespace Research.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// Adam (Kingma and Ba) and AdamW (decoupled weight decay, Loshchilov and Hutter), with PyTorch's exact
        /// update order: m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²; p -= lr/(1-β1^t) · m / (√v/√(1-β2^t) + ε).
        /// Adam adds wd·p to the gradient; AdamW first scales p by (1 - lr·wd). amsgrad keeps the running max of v.
        /// </summary>
        public class Adam : Optimizer
        {
            private readonly bool decoupled;

            public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0, bool amsgrad = false)
                : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay, amsgrad)
            {
            }

            public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0, bool amsgrad = false)
                : this(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled: false)
            {
            }

            private protected Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps,
                double weight_decay, bool amsgrad, bool decoupled)
                : base(groups, new Dictionary<string, double>
                {
                    ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps,
                    ["weight_decay"] = weight_decay, ["amsgrad"] = amsgrad ? 1 : 0,
                })
            {
                if (lr < 0) throw new ArgumentOutOfRangeException(nameof(lr), $"{GetType().Name}: invalid learning rate {lr}");
                if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
                    throw new ArgumentOutOfRangeException(nameof(beta1), $"{GetType().Name}: betas must be in [0, 1), got ({beta1}, {beta2})");
                if (eps < 0) throw new ArgumentOutOfRangeException(nameof(eps), $"{GetType().Name}: invalid eps {eps}");
                this.decoupled = decoupled;
            }

            protected override void Update(Tensor p, Tensor grad, ParamGroup g, Dictionary<string, Tensor> state)
            {
                double lr = g.lr, beta1 = g["beta1"], beta2 = g["beta2"], wd = g["weight_decay"];
                if (!state.ContainsKey("step"))
                {
                    Keep(state, "step", zeros([], ScalarType.Float32));
                    Keep(state, "exp_avg", zeros_like(p));
                    Keep(state, "exp_avg_sq", zeros_like(p));
                    if (Flag(g, "amsgrad")) Keep(state, "max_exp_avg_sq", zeros_like(p));
                }
                var stepTensor = state["step"].add_(1);
                var step = stepTensor.item();
                if (wd != 0)
                {
                    if (decoupled) p.mul_(1 - lr * wd);
                    else grad = grad.add(p, wd);
                }
                var m = state["exp_avg"].mul_(beta1).add_(grad, 1 - beta1);
                var v = state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, 1 - beta2);
                var biasCorrection1 = 1 - Math.Pow(beta1, step);
                var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
                if (Flag(g, "amsgrad")) v = state["max_exp_avg_sq"].maximum_(v);
                var denominator = (v.sqrt() / biasCorrection2Sqrt).add_(g["eps"]);
                p.addcdiv_(m, denominator, -lr / biasCorrection1);
            }
        }

        /// <summary>Adam with decoupled weight decay (default 0.01, as in PyTorch).</summary>
        public sealed class AdamW : Adam
        {
            public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false)
                : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay, amsgrad)
            {
            }

            public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false)
                : base(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled: true)
            {
            }
        }
    }
}
