using System.Text.Json;
using Research.Torch;

namespace Research.Torch.Tests;

/// <summary>Reads golden tensors written by tests/goldens/*.py (python3-torch) and compares results with them.</summary>
internal static class Goldens
{
    internal sealed record Case(string Name, JsonElement[] Inputs, JsonElement[] Outputs, JsonElement Raw);

    internal static IReadOnlyDictionary<string, Case> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "goldens", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => new Case(
                c.GetProperty("name").GetString()!,
                c.TryGetProperty("inputs", out var i) ? i.EnumerateArray().Select(e => e.Clone()).ToArray() : [],
                c.TryGetProperty("outputs", out var o) ? o.EnumerateArray().Select(e => e.Clone()).ToArray() : [],
                c.Clone()))
            .ToDictionary(c => c.Name);
    }

    /// <summary>A state dict stored under a case property ("state", "state_after").</summary>
    internal static Dictionary<string, Tensor> State(Case c, string property) =>
        c.Raw.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => ToTensor(p.Value));

    internal static Tensor ToTensor(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
        var data = e.GetProperty("data");
        return e.GetProperty("dtype").GetString() switch
        {
            "float32" => torch.tensor(data.EnumerateArray().Select(x => (float)Number(x)).ToArray(), shape),
            "float64" => torch.tensor(data.EnumerateArray().Select(Number).ToArray(), shape),
            "int64" => torch.tensor(data.EnumerateArray().Select(x => x.GetInt64()).ToArray(), shape),
            "int32" => torch.tensor(data.EnumerateArray().Select(x => x.GetInt32()).ToArray(), shape),
            "uint8" => torch.tensor(data.EnumerateArray().Select(x => (byte)x.GetInt32()).ToArray(), shape),
            "bool" => torch.tensor(data.EnumerateArray().Select(x => x.GetBoolean()).ToArray(), shape),
            var d => throw new InvalidDataException($"unknown dtype {d} in golden file"),
        };
    }

    /// <summary>A number, or one of the strings "inf", "-inf", "nan" the generators use for non-finite values.</summary>
    private static double Number(JsonElement x) => x.ValueKind == JsonValueKind.String
        ? x.GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            "nan" => double.NaN,
            var s => throw new InvalidDataException($"unexpected string '{s}' in golden data"),
        }
        : x.GetDouble();

    /// <summary>Asserts same shape and dtype, exact values for integers and bools, close values for floats.</summary>
    internal static void AssertMatches(JsonElement expected, Tensor actual, string name, double rtol = 1e-5, double atol = 1e-6)
    {
        var shape = expected.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
        var dtype = expected.GetProperty("dtype").GetString()!;
        Assert.True(shape.SequenceEqual(actual.shape),
            $"{name}: shape [{string.Join(", ", actual.shape)}], PyTorch gives [{string.Join(", ", shape)}]");
        Assert.True(dtype == actual.dtype.PyTorchName(), $"{name}: dtype {actual.dtype.PyTorchName()}, PyTorch gives {dtype}");
        var want = expected.GetProperty("data").EnumerateArray()
            .Select(x => x.ValueKind switch { JsonValueKind.True => 1.0, JsonValueKind.False => 0.0, _ => Number(x) }).ToArray();
        var got = actual.ToDoubleArray();
        Assert.Equal(want.Length, got.Length);
        var exact = !actual.dtype.IsFloatingPoint();
        for (var i = 0; i < want.Length; i++)
        {
            var ok = exact || !double.IsFinite(want[i])
                ? want[i].Equals(got[i])
                : Math.Abs(want[i] - got[i]) <= atol + rtol * Math.Abs(want[i]);
            Assert.True(ok, $"{name}: element {i} is {got[i]:R}, PyTorch gives {want[i]:R}");
        }
    }
}
