using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>
/// Whole training steps (forward, loss, backward, optimiser) of the models the papers use, written with TorchSharp
/// exactly as bench/torch_bench.py writes them with PyTorch. Gradients are dropped before each step on both sides
/// (zero_grad(set_to_none=True)). Target: kit time &lt;= 0.9x PyTorch's.
/// </summary>
public sealed class TrainStepSuite : IBenchSuite
{
    public string Name => "train-step";
    public string Description => "one optimiser step; CNN (batch 128, 28x28), LSTM LM (2x64, V 5k, BPTT 35, batch 20), Transformer encoder; target <= 0.9x";

    public IEnumerable<Measurement> Run(int runs)
    {
        yield return CnnStep(runs);
        yield return LstmLanguageModelStep(runs);
        yield return TransformerStep(runs);
    }

    // Conv(1->16) ReLU MaxPool, Conv(16->32) ReLU MaxPool, Linear(32*7*7 -> 10); SGD with momentum.
    private static Measurement CnnStep(int runs)
    {
        manual_seed(0);
        using var model = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 7 * 7, 10));
        var parameters = model.parameters().ToList();
        using var optimizer = optim.SGD(parameters, 0.01, momentum: 0.9);
        using var x = randn(128, 1, 28, 28);
        using var y = randint(0, 10, [128]);
        return Measurement.Take("cnn_step", () =>
        {
            using var scope = NewDisposeScope();
            Gradients.SetToNone(parameters);
            nn.functional.cross_entropy(model.call(x), y).backward();
            optimizer.step();
        }, runs, 5);
    }

    // Embedding(5000, 64), LSTM(64, 64, 2 layers), Linear(64, 5000); truncated BPTT with the state carried; clip 0.25; SGD lr 20.
    private static Measurement LstmLanguageModelStep(int runs)
    {
        const int vocabulary = 5000, dim = 64, bptt = 35, batch = 20;
        manual_seed(0);
        using var embedding = nn.Embedding(vocabulary, dim);
        using var lstm = nn.LSTM(dim, dim, numLayers: 2);
        using var decoder = nn.Linear(dim, vocabulary);
        var parameters = embedding.parameters().Concat(lstm.parameters()).Concat(decoder.parameters()).ToList();
        using var optimizer = optim.SGD(parameters, 20);
        using var input = randint(0, vocabulary, [bptt, batch]);
        using var target = randint(0, vocabulary, [bptt * batch]);
        var h = zeros(2, batch, dim);
        var c = zeros(2, batch, dim);
        var measurement = Measurement.Take("lstm_lm_step", () =>
        {
            using var scope = NewDisposeScope();
            Gradients.SetToNone(parameters);
            var (output, hn, cn) = lstm.call(embedding.call(input), (h, c));     // output [T, N, d]
            var logits = decoder.call(output.view(bptt * batch, dim));           // [T·N, V]
            nn.functional.cross_entropy(logits, target).backward();
            nn.utils.clip_grad_norm_(parameters, 0.25);
            optimizer.step();
            h.Dispose();
            c.Dispose();
            h = hn.detach().DetachFromDisposeScope();
            c = cn.detach().DetachFromDisposeScope();
        }, runs, 10);
        h.Dispose();
        c.Dispose();
        return measurement;
    }

    // Embedding(1000, 64), 2 encoder layers (4 heads, ff 128, dropout 0.1), Linear(64, 1000); sequence 35, batch 20; Adam.
    private static Measurement TransformerStep(int runs)
    {
        const int vocabulary = 1000, dim = 64, length = 35, batch = 20;
        manual_seed(0);
        using var embedding = nn.Embedding(vocabulary, dim);
        using var layer1 = nn.TransformerEncoderLayer(dim, 4, dim_feedforward: 128, dropout: 0.1);
        using var layer2 = nn.TransformerEncoderLayer(dim, 4, dim_feedforward: 128, dropout: 0.1);
        using var head = nn.Linear(dim, vocabulary);
        var parameters = new nn.Module[] { embedding, layer1, layer2, head }.SelectMany(m => m.parameters()).ToList();
        using var optimizer = optim.Adam(parameters, lr: 1e-3);
        using var input = randint(0, vocabulary, [length, batch]);
        using var target = randint(0, vocabulary, [length * batch]);
        using var mask = triu(full(length, length, float.NegativeInfinity), diagonal: 1);   // causal, additive
        return Measurement.Take("transformer_step", () =>
        {
            using var scope = NewDisposeScope();
            Gradients.SetToNone(parameters);
            var hidden = layer2.call(layer1.call(embedding.call(input), mask), mask);   // [T, N, d]
            nn.functional.cross_entropy(head.call(hidden.view(length * batch, dim)), target).backward();
            optimizer.step();
        }, runs, 10);
    }
}
