using System.Diagnostics;
using Research.Core.Data.Synthetic;
using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments;

/// <summary>The result of <see cref="SpiralDemo.Run"/>.</summary>
public sealed record SpiralDemoResult(double FinalLoss, double TrainAccuracy, double TestAccuracy, int Steps, double Seconds);

/// <summary>
/// A two-layer tanh MLP written with raw tensor ops and plain SGD, trained full-batch on the spiral task.
/// It exercises the engine end to end (ops, autograd, no_grad, in-place updates, scopes).
/// </summary>
public static class SpiralDemo
{
    public static SpiralDemoResult Run(int steps = 1500, int hidden = 64, double lr = 0.5, int seed = 3,
        Action<int, double>? progress = null)
    {
        torch.manual_seed(seed);
        using var scope = torch.NewDisposeScope();
        var (x, y) = SpiralDataset.Generate(points: 200, seed: seed);
        var (xTest, yTest) = SpiralDataset.Generate(points: 100, seed: seed + 1000);
        var w1 = torch.randn(2, hidden).times(3.0).requires_grad_();
        var b1 = torch.zeros([hidden], requires_grad: true);
        var w2 = torch.randn(hidden, 2).times(0.1).requires_grad_();
        var b2 = torch.zeros([2], requires_grad: true);
        Tensor[] parameters = [w1, b1, w2, b2];
        Tensor Logits(Tensor input) => input.matmul(w1).plus(b1).tanh().matmul(w2).plus(b2); // [N, 2]

        var clock = Stopwatch.StartNew();
        var loss = double.NaN;
        for (var step = 1; step <= steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var nll = -Logits(x).log_softmax(1).gather(1, y.unsqueeze(1)).mean();
            nll.backward();
            using (torch.no_grad())
                foreach (var p in parameters)
                {
                    using var grad = p.grad!;
                    p.sub_(grad.times(lr));
                    grad.zero_();
                }
            loss = nll.item<float>();
            if (step % 100 == 0) progress?.Invoke(step, loss);
        }
        using var eval = torch.no_grad();
        double Accuracy(Tensor input, Tensor target) => Logits(input).argmax(1).eq(target).@float().mean().item<float>();
        return new SpiralDemoResult(loss, Accuracy(x, y), Accuracy(xTest, yTest), steps, clock.Elapsed.TotalSeconds);
    }
}
