using System.Diagnostics;
using System.Text.Json;
using Research.Torch;
using static Research.Torch.torch;

namespace Research.Torch.Tests;

/// <summary>safetensors files round-trip, and python3-torch reads the kit's files and the kit reads Python's, value for value.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("safetensors-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static JsonElement Peer(string mode, string path)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "goldens", "safetensors_peer.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, mode, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"safetensors_peer.py {mode} failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static Dictionary<string, Tensor> Sample()
    {
        manual_seed(9);
        return new()
        {
            ["layer.weight"] = randn(3, 5),
            ["layer.bias"] = randn([5], float64),
            ["ids"] = tensor(new long[] { 4, -1, 7 }),
            ["ids32"] = tensor(new[] { 1, -2 }),
            ["bytes"] = tensor(new byte[] { 0, 255 }),
            ["flags"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(1.25),
            ["empty"] = zeros(0, 3),
        };
    }

    [Fact]
    public void Python_reads_what_the_kit_wrote()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "kit.safetensors");
        var tensors = Sample();
        safetensors.save_file(tensors, path, new Dictionary<string, string> { ["epoch"] = "4" });
        var seen = Peer("read", path);
        Assert.Equal("4", seen.GetProperty("metadata").GetProperty("epoch").GetString());
        foreach (var (name, t) in tensors)
        {
            var e = seen.GetProperty("tensors").GetProperty(name);
            Assert.Equal(t.shape, e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray());
            Assert.Equal(t.ToDoubleArray(), e.GetProperty("data").EnumerateArray().Select(x => x.GetDouble()).ToArray());
        }
    }

    [Fact]
    public void The_kit_reads_what_python_wrote()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "python.safetensors");
        var written = Peer("write", path);
        var loaded = safetensors.load_file(path);
        Assert.Equal("3", safetensors.load_metadata(path)["epoch"]);
        var expected = written.GetProperty("tensors").EnumerateObject().ToList();
        Assert.Equal(expected.Select(e => e.Name).Order(), loaded.Keys.Order());
        foreach (var e in expected)
        {
            var t = loaded[e.Name];
            Assert.Equal(e.Value.GetProperty("dtype").GetString(), SafeTensorsFormat.DtypeName(t.dtype));
            Assert.Equal(e.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray(), t.shape);
            Assert.Equal(e.Value.GetProperty("data").EnumerateArray().Select(x => x.GetDouble()).ToArray(), t.ToDoubleArray());
        }
    }

    [Fact]
    public void Module_state_dict_round_trips_through_a_file()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "model.safetensors");
        using var a = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
        a.call(randn(5, 3)); // updates the batch-norm statistics
        a.save(path);
        manual_seed(1234);
        using var b = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
        b.load(path);
        var sa = a.state_dict();
        var sb = b.state_dict();
        Assert.Equal(sa.Keys, sb.Keys);
        foreach (var k in sa.Keys) Assert.True(sa[k].equal(sb[k]), k);
        a.eval();
        b.eval();
        var x = randn(2, 3);
        Assert.True(a.call(x).equal(b.call(x)));
    }

    public static TheoryData<string, byte[]> Corrupt() => new()
    {
        { "too short", [1, 2, 3] },
        { "header length", BitConverter.GetBytes(1_000_000UL) },
        { "not json", [.. BitConverter.GetBytes(4UL), .. "{{{{"u8.ToArray()] },
        { "offsets", [.. BitConverter.GetBytes(64UL), .. "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}       "u8.ToArray(), 1, 2, 3] },
        { "dtype", [.. BitConverter.GetBytes(64UL), .. "{\"a\":{\"dtype\":\"X9\",\"shape\":[1],\"data_offsets\":[0,4]}}        "u8.ToArray(), 1, 2, 3, 4] },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void Corrupt_files_are_rejected_with_the_file_name(string problem, byte[] content)
    {
        var path = Path.Combine(dir, problem.Replace(' ', '_') + ".safetensors");
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<InvalidDataException>(() => safetensors.load_file(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Strict_loading_lists_missing_and_unexpected_keys()
    {
        using var scope = NewDisposeScope();
        using var model = new nn.Linear(3, 2);
        var state = new Dictionary<string, Tensor> { ["weight"] = zeros(2, 3), ["extra"] = zeros(1) };
        var e = Assert.Throws<ArgumentException>(() => model.load_state_dict(state));
        Assert.Contains("Missing key(s): bias", e.Message);
        Assert.Contains("Unexpected key(s): extra", e.Message);
        var keys = model.load_state_dict(state, strict: false);
        Assert.Equal(["bias"], keys.MissingKeys);
        var shape = Assert.Throws<ArgumentException>(() => model.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = zeros(3, 3), ["bias"] = zeros(2) }));
        Assert.Contains("size mismatch for weight", shape.Message);
    }
}
