using Research.Core.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Research.Core.Tests.Checkpoints;

/// <summary>
/// PyTorch's own checkpoint format through TorchSharp.PyBridge: the kit's tied language model saved with save_py loads
/// with torch.load into PyTorch's word_language_model (strict keys) and predicts the same; a state dict saved by
/// torch.save loads with load_py into the kit's model, value for value.
/// </summary>
public sealed class PyBridgeCrossTests : IDisposable
{
    private const string Peer = "Checkpoints/torch_state_dict_peer.py";
    private static readonly long[] Input = [1, 2, 3, 4, 5, 6];      // [T = 3, N = 2], the peer's INPUT
    private readonly string dir = Directory.CreateTempSubdirectory("pybridge-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static LstmLanguageModel Model() => new(new LstmLanguageModelConfig(Vocabulary: 7, EmbeddingSize: 3, HiddenSize: 3, Layers: 2, Dropout: 0.3, Tied: true));

    private static double[] Logits(LstmLanguageModel model)
    {
        model.eval();
        using var _ = no_grad();
        return PythonPeer.Values(model.call(tensor(Input, [3, 2]), null).Logits);
    }

    [Fact]
    public void Python_loads_what_save_py_wrote_into_pytorch_s_model()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var model = Model();
        var path = Path.Combine(dir, "kit.pt");
        model.save_py(path);
        var seen = PythonPeer.Run(Peer, "read", path);
        var state = model.state_dict();
        Assert.Equal(state.Keys.Order(), seen.GetProperty("tensors").EnumerateObject().Select(p => p.Name).Order());
        foreach (var (name, t) in state)
        {
            var (dtype, shape, data) = PythonPeer.Described(seen.GetProperty("tensors").GetProperty(name));
            Assert.Equal("float32", dtype);
            Assert.Equal(t.shape, shape);
            Assert.Equal(PythonPeer.Values(t), data);
        }
        AssertClose(PythonPeer.Doubles(seen.GetProperty("logits")), Logits(model));
    }

    [Fact]
    public void Load_py_reads_what_torch_save_wrote()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "python.pt");
        var written = PythonPeer.Run(Peer, "write", path);
        manual_seed(5);
        using var model = Model();
        model.load_py(path);
        var state = model.state_dict();
        var expected = written.GetProperty("tensors").EnumerateObject().ToList();
        Assert.Equal(expected.Select(e => e.Name).Order(), state.Keys.Order());
        foreach (var e in expected)
        {
            var (_, shape, data) = PythonPeer.Described(e.Value);
            Assert.Equal(shape, state[e.Name].shape);
            Assert.Equal(data, PythonPeer.Values(state[e.Name]));
        }
        Assert.Same(model.Embedding, model.decoder.weight);         // still tied after loading
        AssertClose(PythonPeer.Doubles(written.GetProperty("logits")), Logits(model));
    }

    // libtorch 1.13's fused LSTM and the kit's step loop sum in another order: float32 rounding, not a different model.
    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-6, $"logits differ from PyTorch's by up to {worst:E2}");
    }
}
