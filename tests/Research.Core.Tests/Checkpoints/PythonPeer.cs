using System.Diagnostics;
using System.Text.Json;
using static TorchSharp.torch;

namespace Research.Core.Tests.Checkpoints;

/// <summary>
/// Runs a python3-torch peer script from the test output and parses its JSON. Debian's /usr/bin/python3 with
/// python3-torch is the oracle (`./kit setup` installs it), so a missing one fails the test with that message rather
/// than skipping it.
/// </summary>
internal static class PythonPeer
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} does not exist";
        var (code, _, stderr) = Execute(["-c", "import torch"]);
        return code == 0 ? null : $"{Python} cannot import torch ({stderr.Trim()})";
    });

    internal static JsonElement Run(string script, params string[] args)
    {
        if (Missing.Value is { } why)
            Assert.Fail($"this cross-test needs python3-torch: {why}. Run ./kit setup, which installs python3-torch.");
        var path = Path.Combine(AppContext.BaseDirectory, script);
        Assert.True(File.Exists(path), $"the peer script {path} is missing from the test output");
        var (code, stdout, stderr) = Execute([path, .. args]);
        Assert.True(code == 0, $"{script} {string.Join(' ', args)} exited with {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static (int Code, string Stdout, string Stderr) Execute(string[] args)
    {
        var start = new ProcessStartInfo(Python, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>A tensor as the peers describe it: {"dtype", "shape", "data"} with data as float64 values.</summary>
    internal static (string Dtype, long[] Shape, double[] Data) Described(JsonElement e) => (
        e.GetProperty("dtype").GetString()!,
        e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray(),
        e.GetProperty("data").EnumerateArray().Select(x => x.GetDouble()).ToArray());

    /// <summary>A tensor's values as float64 (bools as 0 and 1), row-major. (TorchSharp's accessor throws on an empty tensor.)</summary>
    internal static double[] Values(Tensor t) => t.numel() == 0 ? [] : t.detach().cpu().to(ScalarType.Float64).data<double>().ToArray();

    internal static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(x => x.GetDouble()).ToArray();
}
