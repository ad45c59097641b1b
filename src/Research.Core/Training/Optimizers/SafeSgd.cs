using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Training.Optimizers;

/// <summary>
/// TorchSharp's SGD (same options, state and state-dict layout) whose step holds every Scalar it passes to native
/// code for the whole call. TorchSharp 0.107's own step makes temporary Scalars for alpha, and the GC race of
/// STACK.md makes it throw now and then under allocation pressure; this step cannot. The update is PyTorch's:
/// g ← g + λθ; b ← μb + (1 − τ)g (b ← g at the first step); g ← g + μb (Nesterov) or b; θ ← θ − lr·g.
/// </summary>
public sealed class SafeSgd(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
    : SGD(parameters, lr, momentum, dampening, weight_decay, nesterov)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        var (momentum, weightDecay, nesterov) = (options.momentum!.Value, options.weight_decay!.Value, options.nesterov!.Value);
        using var decay = weightDecay.ToScalar();
        using var mu = momentum.ToScalar();
        using var undamped = (1 - options.dampening!.Value).ToScalar();
        using var descent = (-options.LearningRate!.Value).ToScalar();
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (weightDecay != 0) grad = grad.add(param, decay);
            if (momentum != 0)
            {
                if (state.momentum_buffer is null) state.momentum_buffer = grad.detach().clone().DetachFromDisposeScope();
                else state.momentum_buffer.mul_(mu).add_(grad, undamped);
                grad = nesterov ? grad.add(state.momentum_buffer, mu) : state.momentum_buffer;
            }
            param.add_(grad, descent);
        }
    }, closure);
}
