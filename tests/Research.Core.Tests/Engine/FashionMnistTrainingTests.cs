using System.Diagnostics;
using Research.Core.Data.Images;
using Research.Core.Data.Loading;
using Research.Torch;
using static Research.Torch.torch;

namespace Research.Core.Tests.Engine;

/// <summary>The engine end to end on real data: an MLP reaches 85% test accuracy on Fashion-MNIST within a minute of CPU.</summary>
public sealed class FashionMnistTrainingTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Mlp_reaches_85_percent_within_a_minute_of_cpu()
    {
        using var data = FashionMnist.Load();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        manual_seed(0);
        using var model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
        using var optimizer = new optim.Adam(model.parameters(), lr: 1e-3);
        var loader = new TensorDataLoader([data.Train.Images, data.Train.Labels], batchSize: 128, shuffle: true, seed: 0);
        for (var epoch = 0; epoch < 3; epoch++)
            foreach (var batch in loader.Epoch(epoch))
            {
                using var scope = NewDisposeScope();
                scope.Include(batch);
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.call(batch[0]), batch[1]).backward();
                optimizer.step();
            }
        model.eval();
        double accuracy;
        using (NewDisposeScope())
        using (no_grad())
            accuracy = model.call(data.Test.Images).argmax(1).eq(data.Test.Labels).@float().mean().item();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        Assert.True(accuracy >= 0.85, $"test accuracy {accuracy:P2}");
        Assert.True(cpu < 60, $"training and evaluation took {cpu:F1} s of CPU");
    }
}
