using Research.Core.Checkpoints;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Checkpoints;

/// <summary>
/// The kit's safetensors files load in python3-torch and Python's load in the kit, value for value. The Python side
/// (tests/goldens/safetensors_peer.py) implements the format from its specification, since Debian ships no safetensors.
/// </summary>
public sealed class SafeTensorsCrossTests : IDisposable
{
    private const string Peer = "goldens/safetensors_peer.py";
    private readonly string dir = Directory.CreateTempSubdirectory("safetensors-cross-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static readonly Dictionary<ScalarType, string> Codes = new()
    {
        [ScalarType.Float64] = "F64", [ScalarType.Float32] = "F32", [ScalarType.Float16] = "F16", [ScalarType.BFloat16] = "BF16",
        [ScalarType.Int64] = "I64", [ScalarType.Int32] = "I32", [ScalarType.Int16] = "I16", [ScalarType.Int8] = "I8",
        [ScalarType.Byte] = "U8", [ScalarType.Bool] = "BOOL",
    };

    private static Dictionary<string, Tensor> Sample()
    {
        manual_seed(9);
        return new()
        {
            ["layer.weight"] = randn(3, 5),
            ["layer.bias"] = randn([5], float64),
            ["half"] = randn(3).to(ScalarType.Float16),
            ["brain"] = randn(3).to(ScalarType.BFloat16),
            ["ids"] = tensor(new long[] { 4, -1, 7 }),
            ["ids32"] = tensor(new[] { 1, -2 }),
            ["ids16"] = tensor(new short[] { -300, 2 }),
            ["ids8"] = tensor(new sbyte[] { -128, 127 }),
            ["bytes"] = tensor(new byte[] { 0, 255 }),
            ["flags"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(1.25f),
            ["empty"] = zeros(0, 3),
        };
    }

    [Fact]
    public void Python_reads_what_the_kit_wrote()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "kit.safetensors");
        var tensors = Sample();
        SafeTensors.Save(tensors, path, new Dictionary<string, string> { ["epoch"] = "4" });
        var seen = PythonPeer.Run(Peer, "read", path);
        Assert.Equal("4", seen.GetProperty("metadata").GetProperty("epoch").GetString());
        Assert.Equal(tensors.Keys.Order(), seen.GetProperty("tensors").EnumerateObject().Select(p => p.Name).Order());
        foreach (var (name, t) in tensors)
        {
            var (dtype, shape, data) = PythonPeer.Described(seen.GetProperty("tensors").GetProperty(name));
            Assert.Equal(Codes[t.dtype], dtype);
            Assert.Equal(t.shape, shape);
            Assert.Equal(PythonPeer.Values(t), data);
        }
    }

    [Fact]
    public void The_kit_reads_what_python_wrote()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "python.safetensors");
        var written = PythonPeer.Run(Peer, "write", path);
        var loaded = SafeTensors.Load(path);
        Assert.Equal("3", SafeTensors.LoadMetadata(path)["epoch"]);
        var expected = written.GetProperty("tensors").EnumerateObject().ToList();
        Assert.Equal(expected.Select(e => e.Name).Order(), loaded.Keys.Order());
        foreach (var e in expected)
        {
            var (dtype, shape, data) = PythonPeer.Described(e.Value);
            var t = loaded[e.Name];
            Assert.Equal(dtype, Codes[t.dtype]);
            Assert.Equal(shape, t.shape);
            Assert.Equal(data, PythonPeer.Values(t));
        }
    }

    [Fact]
    public void A_trainer_checkpoint_is_a_safetensors_file_python_reads()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2));
        model.call(randn(6, 3));                           // moves the batch-norm statistics off their start
        using var sgd = optim.SGD(model.parameters(), 0.1);
        var path = Path.Combine(dir, "checkpoint.safetensors");
        using (var checkpoint = Checkpoint.Capture(model, sgd, null, new TrainerProgress([]))) checkpoint.Save(path);
        var seen = PythonPeer.Run(Peer, "read", path);
        Assert.Equal(Checkpoint.Format, seen.GetProperty("metadata").GetProperty("format").GetString());
        foreach (var (name, t) in model.state_dict())
        {
            var (_, shape, data) = PythonPeer.Described(seen.GetProperty("tensors").GetProperty("model." + name));
            Assert.Equal(t.shape, shape);
            Assert.Equal(PythonPeer.Values(t), data);
        }
    }
}
