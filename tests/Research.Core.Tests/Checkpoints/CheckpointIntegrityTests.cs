using System.Text.Json;
using Research.Core.Checkpoints;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Checkpoints;

/// <summary>A damaged checkpoint is an error that names the file and the tensor; writes are atomic and clean up after dead writers.</summary>
public sealed class CheckpointIntegrityTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("checkpoints-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>A trainer-style checkpoint of a small model after one Adam step (so the optimizer has state).</summary>
    private string SaveCheckpoint(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        using var adam = optim.Adam(model.parameters(), lr: 0.01);
        nn.functional.cross_entropy(model.call(randn(5, 3)), tensor(new long[] { 0, 1, 1, 0, 1 })).backward();
        adam.step();
        var path = Path.Combine(dir, name);
        using var checkpoint = Checkpoint.Capture(model, adam, null, new TrainerProgress([]));
        checkpoint.Save(path);
        return path;
    }

    /// <summary>Where a tensor's bytes start in a safetensors file, and how many there are.</summary>
    private static (long Start, long Length) DataRange(string path, string tensor)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (long)BitConverter.ToUInt64(bytes, 0);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var offsets = header.RootElement.GetProperty(tensor).GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
        return (8 + headerLength + offsets[0], offsets[1] - offsets[0]);
    }

    [Theory]
    [InlineData("model.0.weight", 0, 0)]
    [InlineData("model.2.bias", 7, 5)]
    [InlineData("optimizer.state", 40, 3)]
    [InlineData("rng_state", 100, 7)]
    public void A_flipped_bit_in_a_tensor_is_an_error_naming_the_file_and_the_tensor(string tensor, int byteIndex, int bit)
    {
        var path = SaveCheckpoint("flip.safetensors");
        using (Checkpoint.Load(path)) { }                          // intact, it loads
        var (start, length) = DataRange(path, tensor);
        Assert.True(byteIndex < length, $"{tensor} has only {length} bytes");
        var bytes = File.ReadAllBytes(path);
        bytes[start + byteIndex] ^= (byte)(1 << bit);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"tensor '{tensor}' does not match its checksum", e.Message);
        Assert.Equal(e.Message, Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void A_tensor_whose_checksum_entry_is_missing_is_an_error()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "altered.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["a"] = ones(3), ["b"] = zeros(2) }, path);
        // Rename tensor "b" to "c" in the header (same length, so offsets stay valid): its checksum no longer has an entry.
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, headerLength).Replace("\"b\":{\"dtype\"", "\"c\":{\"dtype\"");
        System.Text.Encoding.UTF8.GetBytes(header).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains($"{path}: tensor 'c' has no checksum", e.Message);
    }

    [Fact]
    public void A_safetensors_file_that_is_no_checkpoint_is_named()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "weights.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["w"] = ones(2) }, path, new Dictionary<string, string> { ["format"] = "pt" });
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
        Assert.Contains($"{path}: not a Research checkpoint (format 'pt', expected '{Checkpoint.Format}')", e.Message);
    }

    [Fact]
    public void Restoring_into_a_run_that_does_not_fit_names_the_keys_shapes_and_optimizer()
    {
        var path = SaveCheckpoint("fit.safetensors");
        using var scope = NewDisposeScope();
        using var saved = Checkpoint.Load(path);

        using var deeper = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2), nn.Linear(2, 2));
        using (var adam = optim.Adam(deeper.parameters()))
            Assert.Contains("missing [3.weight, 3.bias], unexpected []", Assert.Throws<InvalidDataException>(() => saved.Restore(deeper, adam, null)).Message);

        using var wider = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2));
        using (var adam = optim.Adam(wider.parameters()))
            Assert.Contains("the checkpoint's '0.weight' has shape [4, 3], the model's [5, 3]", Assert.Throws<InvalidDataException>(() => saved.Restore(wider, adam, null)).Message);

        using var same = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        using (var sgd = optim.SGD(same.parameters(), 0.1))
            Assert.Contains("the checkpoint holds Adam state, but the run uses SGD", Assert.Throws<InvalidDataException>(() => saved.Restore(same, sgd, null)).Message);
    }

    [Fact]
    public void Stale_temporary_files_of_dead_writers_are_removed_by_the_next_save()
    {
        var path = Path.Combine(dir, "run.safetensors");
        // Linux never hands out a PID above pid_max, so no process can be running under this one.
        var deadPid = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim()) + 1;
        var dead = $"{path}.tmp-{deadPid}";
        var living = $"{path}.tmp-1";                          // PID 1 (init) always runs: its file may still be written
        var unrelated = Path.Combine(dir, "other.safetensors.tmp-" + deadPid);
        foreach (var f in new[] { dead, living, unrelated }) File.WriteAllBytes(f, [1, 2, 3]);

        SaveCheckpoint("run.safetensors");

        Assert.False(File.Exists(dead), "the dead writer's temporary file is still there");
        Assert.True(File.Exists(living), "a running writer's temporary file was removed");
        Assert.True(File.Exists(unrelated), "a temporary file of another path was removed");
        Assert.False(File.Exists($"{path}.tmp-{Environment.ProcessId}"));
        using var loaded = Checkpoint.Load(path);
    }

    public static TheoryData<string, byte[]> CorruptFiles() => new()
    {
        { "too short", [1, 2, 3] },
        { "header length", BitConverter.GetBytes(1_000_000UL) },
        { "not json", [.. BitConverter.GetBytes(4UL), .. "{{{{"u8.ToArray()] },
        { "offsets", [.. BitConverter.GetBytes(64UL), .. "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}       "u8.ToArray(), 1, 2, 3] },
        { "dtype", [.. BitConverter.GetBytes(64UL), .. "{\"a\":{\"dtype\":\"X9\",\"shape\":[1],\"data_offsets\":[0,4]}}        "u8.ToArray(), 1, 2, 3, 4] },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Corrupt_files_are_rejected_with_the_file_name(string problem, byte[] content)
    {
        var path = Path.Combine(dir, problem.Replace(' ', '_') + ".safetensors");
        File.WriteAllBytes(path, content);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void Every_dtype_round_trips_with_its_shape_values_and_metadata()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 5), ["f64"] = randn([2, 2], float64), ["f16"] = randn(4).to(ScalarType.Float16),
            ["bf16"] = randn(4).to(ScalarType.BFloat16), ["i64"] = tensor(new long[] { 4, -1, long.MaxValue }),
            ["i32"] = tensor(new[] { 1, -2 }), ["i16"] = tensor(new short[] { -3, 300 }), ["i8"] = tensor(new sbyte[] { -128, 127 }),
            ["u8"] = tensor(new byte[] { 0, 255 }), ["bool"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(1.25f), ["empty"] = zeros(0, 3),
        };
        var path = Path.Combine(dir, "all.safetensors");
        SafeTensors.Save(tensors, path, new Dictionary<string, string> { ["epoch"] = "4" });
        var loaded = SafeTensors.Load(path);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.dtype, loaded[name].dtype);
            Assert.Equal(t.shape, loaded[name].shape);
            Assert.True(t.Equals(loaded[name]), name);
        }
        Assert.Equal(new Dictionary<string, string> { ["epoch"] = "4" }, SafeTensors.LoadMetadata(path));
    }
}
